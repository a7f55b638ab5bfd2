export { sharedCall } from './middleware'
export type { SharedCallMiddlewareOptions, SharedCallRole } from './options'
export { sharedCallStats } from './stats'
