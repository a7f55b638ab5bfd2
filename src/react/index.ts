export { defaultOptions, type SharedCallConfig, useSharedCallConfig } from './config'
export { type KeyFilter, mutate, preload } from './global'
export { type InspectedKey, inspectSharedCall, type SharedCallInspector } from './inspect'
export { serializeKey } from './key'
export {
  type Fallback,
  SharedCallProvider,
  type SharedCallProviderProps,
  useSharedCallInstance,
} from './provider'
export { type UnloadOptions, unload } from './unload'
export {
  type Fetcher,
  type Mutate,
  type MutateArgs,
  type MutateData,
  type MutateOptions,
  type ReadyKey,
  type SharedCallKey,
  type SharedCallResponse,
  type UseSharedCallOptions,
  useSharedCall,
} from './use-shared-call'
export { useSharedCallStats } from './use-shared-call-stats'
