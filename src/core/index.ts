export { defaultSharedCall, sharedFetch } from './default'
export { TimeoutError } from './errors'
export type { SharedFetchInit } from './fetch'
export { encodeKey } from './key'
export {
  type GroupOptions,
  type RunOptions,
  SharedCall,
  type SharedCallOptions,
  type Work,
} from './shared-call'
export type { SharedCallStats, StatsListener } from './stats'
