// SWR 2's public types, as `import type { … } from 'swr'` names them, so that
// typed code migrates by changing the import. `any` where SWR has it: an
// untyped `useSWR('/api/user')` must still let `data.name` compile.

// biome-ignore lint/suspicious/noExplicitAny: SWR's defaults are `any`
export type Any = any

/** A key that is ready: a string, a non-empty tuple or a plain object. */
export type Arguments =
  | string
  | readonly [Any, ...unknown[]]
  | Readonly<Record<Any, Any>>
  | null
  | undefined
  | false

/** What `useSWR` takes as its key: a value, or a function of none that returns one (throwing: not ready). */
export type Key = Arguments | (() => Arguments)

/** The key as the fetcher gets it: a key function's result, never empty. */
type ReadyArg<K> = K extends () => infer R
  ? Exclude<R, null | undefined | false>
  : Exclude<K, null | undefined | false>

/** What a fetcher may return. */
export type FetcherResponse<Data = unknown> = Data | Promise<Data>

/**
 * SWR's fetcher: called with the key (as given, a key function's result).
 * shared-call adds a second argument, `{ signal }`, that aborts when no
 * component waits for the fetch any more: pass it to `fetch`.
 */
export type Fetcher<Data = unknown, K extends Key = Key> = (
  arg: ReadyArg<K>,
  options: { signal: AbortSignal },
) => FetcherResponse<Data>

/** A fetcher of any arguments. */
export type BareFetcher<Data = unknown> = (...args: Any[]) => FetcherResponse<Data>

/** The options of `onErrorRetry`'s `revalidate`. */
export interface RevalidatorOptions {
  retryCount?: number
  dedupe?: boolean
}

/** Fetches the key again (from `onErrorRetry`). */
export type Revalidator = (options?: RevalidatorOptions) => Promise<boolean> | undefined

/** The state of a key. */
export interface State<Data = Any, Error = Any> {
  data?: Data
  error?: Error
  isValidating?: boolean
  isLoading?: boolean
}

/** `mutate`'s data as a function of the current data. */
export type MutatorCallback<Data = Any> = (
  currentData?: Data,
) => Promise<undefined | Data> | undefined | Data

/** The options of `mutate`. */
export interface MutatorOptions<Data = Any, MutationData = Data> {
  revalidate?: boolean | ((data: Data, key: Arguments) => boolean)
  populateCache?: boolean | ((result: MutationData, currentData: Data | undefined) => Data)
  optimisticData?: Data | ((currentData: Data | undefined, displayedData: Data | undefined) => Data)
  rollbackOnError?: boolean | ((error: unknown) => boolean)
  /** `false`: a failed mutation resolves with `undefined` instead of rejecting. */
  throwOnError?: boolean
}

/** The `mutate` that `useSWR` returns, bound to its key. */
export type KeyedMutator<Data> = <MutationData = Data>(
  data?: Data | Promise<Data | undefined> | MutatorCallback<Data>,
  opts?: boolean | MutatorOptions<Data, MutationData>,
) => Promise<Data | MutationData | undefined>

/** The global `mutate`: a key, or a filter of keys. */
export interface ScopedMutator {
  <Data = Any, MutationData = Data>(
    matcher: (key?: Arguments) => boolean,
    data?: MutationData | Promise<MutationData> | MutatorCallback<MutationData>,
    opts?: boolean | MutatorOptions<Data, MutationData>,
  ): Promise<Array<MutationData | undefined>>
  <Data = Any, T = Data>(
    key: Arguments,
    data?: T | Promise<T> | MutatorCallback<T>,
    opts?: boolean | MutatorOptions<Data, T>,
  ): Promise<T | undefined>
}

/** SWR's cache interface (`provider` returns one; shared-call keeps its own store). */
export interface Cache<Data = Any> {
  keys(): IterableIterator<string>
  get(key: string): State<Data> | undefined
  set(key: string, value: State<Data>): void
  delete(key: string): void
}

/** Every option of SWR 2 (`useSWR`'s third argument, `SWRConfig value`). */
export interface PublicConfiguration<Data = Any, Error = Any, Fn = BareFetcher> {
  errorRetryInterval: number
  errorRetryCount?: number
  loadingTimeout: number
  focusThrottleInterval: number
  dedupingInterval: number
  refreshInterval?: number | ((latestData: Data | undefined) => number)
  refreshWhenHidden?: boolean
  refreshWhenOffline?: boolean
  revalidateOnFocus: boolean
  revalidateOnReconnect: boolean
  revalidateOnMount?: boolean
  revalidateIfStale: boolean
  shouldRetryOnError: boolean | ((err: Error) => boolean)
  keepPreviousData?: boolean
  suspense?: boolean
  fallbackData?: Data | Promise<Data>
  strictServerPrefetchWarning?: boolean
  fetcher?: Fn
  use?: Middleware[]
  fallback: { [key: string]: Any }
  isPaused: () => boolean
  onLoadingSlow: (key: string, config: Readonly<PublicConfiguration<Data, Error, Fn>>) => void
  onSuccess: (
    data: Data,
    key: string,
    config: Readonly<PublicConfiguration<Data, Error, Fn>>,
  ) => void
  onError: (err: Error, key: string, config: Readonly<PublicConfiguration<Data, Error, Fn>>) => void
  onErrorRetry: (
    err: Error,
    key: string,
    config: Readonly<PublicConfiguration<Data, Error, Fn>>,
    revalidate: Revalidator,
    revalidateOpts: Required<RevalidatorOptions>,
  ) => void
  onDiscarded: (key: string) => void
  compare: (a: Data | undefined, b: Data | undefined) => boolean
  isOnline: () => boolean
  isVisible: () => boolean
}

/** Options of React Native's focus and reconnect events (accepted, not used: see docs). */
export interface ProviderConfiguration {
  initFocus: (callback: () => void) => (() => void) | undefined
  initReconnect: (callback: () => void) => (() => void) | undefined
}

/** The options `useSWR` and `SWRConfig` take. */
export type SWRConfiguration<
  Data = Any,
  Error = Any,
  Fn extends BareFetcher<Any> = BareFetcher<Any>,
> = Partial<PublicConfiguration<Data, Error, Fn>> &
  Partial<ProviderConfiguration> & {
    /** A cache of its own for the subtree: here, an instance of its own (the Map it returns is not used). */
    provider?: (cache: Readonly<Cache>) => Cache
    /** Data from a server component, as `fallback`. */
    cacheData?: { [key: string]: Any }
  }

/** SWR's `unload` options: `revalidate: false` leaves the emptied keys without data. */
export interface UnloadOptions {
  revalidate?: boolean
}

/** Empties the cache (see `unload` in shared-call/react). */
export type Unloader = (options?: UnloadOptions) => void

/** `useSWRConfig()`'s value: every option, the global `mutate` and `unload`, and the cache. */
export type FullConfiguration = PublicConfiguration & {
  mutate: ScopedMutator
  unload: Unloader
  cache?: Cache
  provider?: SWRConfiguration['provider']
}

/** Types the `data` of a response as defined when `suspense: true` or `fallbackData` is given. */
type BlockingData<Data, Options> = Options extends undefined
  ? false
  : Options extends { suspense: true }
    ? true
    : Options extends { fallbackData: Data | Promise<Data> }
      ? true
      : false

/** What `useSWR` returns. */
export interface SWRResponse<Data = Any, Error = Any, Config = Any> {
  data: BlockingData<Data, Config> extends true ? Data : Data | undefined
  error: Error | undefined
  mutate: KeyedMutator<Data>
  isValidating: boolean
  isLoading: boolean
}

/** `useSWR`'s signatures: SWR 2's, with the key's type passed to the fetcher. */
export interface SWRHook {
  <Data = Any, Error = Any, K extends Key = Key>(key: K): SWRResponse<Data, Error>
  <Data = Any, Error = Any, K extends Key = Key>(
    key: K,
    fetcher: Fetcher<Data, K> | null,
  ): SWRResponse<Data, Error>
  <
    Data = Any,
    Error = Any,
    K extends Key = Key,
    Options extends SWRConfiguration<Data, Error, Fetcher<Data, K>> | undefined =
      | SWRConfiguration<Data, Error, Fetcher<Data, K>>
      | undefined,
  >(
    key: K,
    config: Options,
  ): SWRResponse<Data, Error, Options>
  <
    Data = Any,
    Error = Any,
    K extends Key = Key,
    Options extends SWRConfiguration<Data, Error, Fetcher<Data, K>> | undefined =
      | SWRConfiguration<Data, Error, Fetcher<Data, K>>
      | undefined,
  >(
    key: K,
    fetcher: Fetcher<Data, K> | null,
    config: Options,
  ): SWRResponse<Data, Error, Options>
}

/** SWR's middleware: takes the next hook, returns a hook. */
export type Middleware = (
  useSWRNext: SWRHook,
) => <Data = Any, Error = Any>(
  key: Key,
  fetcher: BareFetcher<Data> | null,
  config: SWRConfiguration<Data, Error, BareFetcher<Data>>,
) => SWRResponse<Data, Error>
