// SWR 2's API on shared-call's hook: `import useSWR from 'swr'` →
// `import useSWR from 'shared-call/swr'`. See docs/migrating-from-swr.md.
export { SWRConfig, type SWRConfigProps, useSWRConfig } from './config'
export { mutate, preload, unload, unstable_serialize } from './global'
export type {
  Arguments,
  BareFetcher,
  Cache,
  Fetcher,
  FetcherResponse,
  FullConfiguration,
  Key,
  KeyedMutator,
  Middleware,
  MutatorCallback,
  MutatorOptions,
  PublicConfiguration,
  Revalidator,
  RevalidatorOptions,
  ScopedMutator,
  State,
  SWRConfiguration,
  SWRHook,
  SWRResponse,
  Unloader,
  UnloadOptions,
} from './types'
export { default } from './use-swr'
