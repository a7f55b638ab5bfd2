export { defaultSharedCall } from './default'
export { TimeoutError } from './errors'
export { type SharedFetchInit, sharedFetch } from './fetch'
export type { GroupOptions, MethodDecorator } from './group'
export { encodeKey } from './key'
export {
  type Coordination,
  type CoordinationEvent,
  type Joined,
  type RunOptions,
  SharedCall,
  type SharedCallInstanceOptions,
  type SharedCallOptions,
  type SharedCallStats,
  type StatsListener,
  type Work,
} from './shared-call'
