export { defaultSharedCall, sharedFetch } from './default'
export { TimeoutError } from './errors'
export type { SharedFetchInit } from './fetch'
export type { GroupOptions, MethodDecorator } from './group'
export { encodeKey } from './key'
export {
  type RunOptions,
  SharedCall,
  type SharedCallOptions,
  type Work,
} from './shared-call'
export type { SharedCallStats, StatsListener } from './stats'
