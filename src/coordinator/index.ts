export { defineCoordinator } from './define'
export { jsonCodec } from './json-codec'
export type { Codec, Coordinator, CoordinatorOptions, Lead, Lease, Result } from './types'
