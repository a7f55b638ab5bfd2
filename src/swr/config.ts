import { createContext, createElement, type ReactNode, useContext, useMemo, useState } from 'react'
import { defaultSharedCall, SharedCall } from 'shared-call'
import { SharedCallProvider, useSharedCallInstance } from 'shared-call/react'
import { dequal } from './compare'
import { mutate, mutateOn, unload, unloadOn } from './global'
import { hookOptions } from './options'
import type {
  FullConfiguration,
  PublicConfiguration,
  RevalidatorOptions,
  SWRConfiguration,
} from './types'

/** The SWR configuration of the `SWRConfig`s above, merged (no defaults). */
export const SWRContext = /* @__PURE__ */ createContext<SWRConfiguration>({})

const noop = () => {}

/**
 * SWR's retry policy (exponential backoff with jitter, `errorRetryCount`
 * retries), for an `onErrorRetry` of your own that falls back to it. Hooks
 * with no `onErrorRetry` use the hook's built-in one, which is the same.
 */
const onErrorRetry: PublicConfiguration['onErrorRetry'] = (
  _error,
  _key,
  config,
  revalidate,
  { retryCount },
) => {
  if (!(retryCount > (config.errorRetryCount ?? Infinity)))
    setTimeout(
      revalidate,
      ~~((Math.random() + 0.5) * (1 << Math.min(retryCount, 8))) * config.errorRetryInterval,
      { retryCount } satisfies RevalidatorOptions,
    )
}

/** SWR 2's defaults, as `SWRConfig.defaultValue` and `useSWRConfig()` give them. */
const defaultValue: FullConfiguration = {
  onLoadingSlow: noop,
  onSuccess: noop,
  onError: noop,
  onErrorRetry,
  onDiscarded: noop,
  revalidateOnFocus: true,
  revalidateOnReconnect: true,
  revalidateIfStale: true,
  shouldRetryOnError: true,
  errorRetryInterval: 5000,
  focusThrottleInterval: 5000,
  dedupingInterval: 2000,
  loadingTimeout: 3000,
  compare: dequal,
  isPaused: () => false,
  isOnline: () => true,
  isVisible: () => true,
  fallback: {},
  mutate,
  unload,
}

/**
 * `value` over `parent`, as SWR merges nested configs: `use` appended,
 * `fallback` and `cacheData` merged (when both have them; else whichever does).
 */
const extend = (parent: SWRConfiguration, value: SWRConfiguration = {}): SWRConfiguration => {
  const merged = { ...parent, ...value }
  if (parent.use && value.use) merged.use = [...parent.use, ...value.use]
  if (parent.fallback && value.fallback) merged.fallback = { ...parent.fallback, ...value.fallback }
  if (parent.cacheData && value.cacheData)
    merged.cacheData = { ...parent.cacheData, ...value.cacheData }
  return merged
}

/** Props of {@link SWRConfig}. */
export interface SWRConfigProps {
  /** Options for the hooks below, over the parent's; a function of the parent's replaces them. */
  value?: SWRConfiguration | ((parent: SWRConfiguration) => SWRConfiguration)
  children?: ReactNode
}

/**
 * SWR's `SWRConfig`: options for every `useSWR` below (and the
 * `useSharedCall`s, which share its cache). `provider` gives the subtree an
 * instance of its own, so its keys are its own; `cacheData` is data from a
 * server component, shown without a fetch.
 */
export const SWRConfig = /* @__PURE__ */ Object.assign(
  function SWRConfig({ value, children }: SWRConfigProps): ReactNode {
    const parent = useContext(SWRContext)
    const replaces = typeof value === 'function'
    const config = useMemo(
      () => (replaces ? value(parent) : extend(parent, value)),
      [replaces, parent, value],
    )
    const own = replaces ? config : value
    // SWR reads `provider` once, on the first render.
    const [shared] = useState(() => (own?.provider ? new SharedCall() : undefined))
    const options = useMemo(() => {
      const options = hookOptions(own ?? {}, 'SWRConfig value')
      const fetcher = own?.fetcher
      if (fetcher) options.fetcher = (signal, key) => fetcher(key, { signal })
      return options
    }, [own])
    return createElement(
      SWRContext.Provider,
      { value: config },
      createElement(
        SharedCallProvider,
        { value: shared, fallback: own?.cacheData, options: replaces ? () => options : options },
        children,
      ),
    )
  },
  { defaultValue },
)

/**
 * SWR's `useSWRConfig()`: the defaults, then the options of each `SWRConfig`
 * above, with the global `mutate` of this component's instance.
 */
export const useSWRConfig = (): FullConfiguration => {
  const config = useContext(SWRContext)
  const shared = useSharedCallInstance()
  return useMemo(
    () =>
      ({
        ...defaultValue,
        ...config,
        mutate: shared === defaultSharedCall ? mutate : mutateOn(shared),
        unload: shared === defaultSharedCall ? unload : unloadOn(shared),
      }) as FullConfiguration,
    [config, shared],
  )
}
