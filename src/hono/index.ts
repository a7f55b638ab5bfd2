export { sharedCall } from './middleware'
export type { SharedCallMiddlewareOptions } from './options'
export { sharedCallStats } from './stats'
