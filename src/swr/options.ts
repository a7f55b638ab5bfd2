import type { UseSharedCallOptions } from 'shared-call/react'
import { fail } from '../core/check'
import type { SWRConfiguration } from './types'

/** SWR's options that `useSharedCall` has too, with the same meaning: passed as they are. */
const SAME = new Set(
  'suspense revalidateIfStale revalidateOnMount revalidateOnFocus revalidateOnReconnect refreshInterval refreshWhenHidden shouldRetryOnError focusThrottleInterval dedupingInterval loadingTimeout errorRetryInterval errorRetryCount fallbackData keepPreviousData onLoadingSlow onSuccess onError onErrorRetry onDiscarded compare isPaused'.split(
    ' ',
  ),
)

/**
 * SWR's options this entry reads itself (`fetcher`, `use`, `fallback`,
 * `cacheData`, `provider`), and those that have no meaning here: accepted
 * so that SWR code runs unchanged (docs/migrating-from-swr.md says what to
 * use instead).
 */
const OWN = new Set(
  'fetcher use fallback cacheData provider refreshWhenOffline isOnline isVisible initFocus initReconnect strictServerPrefetchWarning cache mutate unload'.split(
    ' ',
  ),
)

/**
 * The `useSharedCall` options of an SWR configuration: only the options the
 * hook knows. Any other name is a `TypeError`, as in every entry: a typo
 * that SWR ignored is a bug.
 */
export const hookOptions = (config: SWRConfiguration, what: string): UseSharedCallOptions => {
  const options: Record<string, unknown> = {}
  for (const name in config) {
    const value = (config as Record<string, unknown>)[name]
    if (SAME.has(name)) options[name] = value
    else if (!OWN.has(name)) fail(`${what}.${name}`, "one of SWR 2's options", value)
  }
  return options
}
