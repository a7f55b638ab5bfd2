export {
  SharedCallProvider,
  type SharedCallProviderProps,
  useSharedCallInstance,
} from './provider'
export {
  type Fetcher,
  type Mutate,
  type SharedCallKey,
  type SharedCallResponse,
  type UseSharedCallOptions,
  useSharedCall,
} from './use-shared-call'
export { useSharedCallStats } from './use-shared-call-stats'
