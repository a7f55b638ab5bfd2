import { useContext, useMemo } from 'react'
import type { SharedCall } from 'shared-call'
import { type KeyFilter, mutate } from './global'
import type { SharedCallKey } from './key'
import type { MutateArgs } from './mutate'
import type { UseSharedCallOptions } from './options'
import { type Fallback, SharedCallContext } from './provider'

/**
 * The options a hook without options of its own gets: what each one does
 * when no provider and no hook sets it. Read-only.
 */
export const defaultOptions = /* @__PURE__ */ Object.freeze({
  enabled: true,
  gcTime: 300_000,
  dedupingInterval: 2000,
  revalidateIfStale: true,
  revalidateOnFocus: true,
  focusThrottleInterval: 5000,
  revalidateOnReconnect: true,
  refreshInterval: 0,
  refreshWhenHidden: false,
  shouldRetryOnError: true,
  errorRetryCount: Infinity,
  errorRetryInterval: 5000,
  loadingTimeout: 3000,
  suspense: false,
  keepPreviousData: false,
}) satisfies UseSharedCallOptions

/** What {@link useSharedCallConfig} returns. */
export type SharedCallConfig = UseSharedCallOptions &
  Required<Pick<UseSharedCallOptions, keyof typeof defaultOptions>> & {
    /** The instance of the hooks here (see `SharedCallProvider value`). */
    shared: SharedCall
    /** The `fallback` data of the providers above, merged. */
    fallback: Fallback
    /** The global `mutate`, on this instance: `mutate(key, ...)`, or `mutate(filter, ...)`. */
    mutate: {
      <T = unknown>(key: SharedCallKey, ...args: MutateArgs<T>): Promise<T | undefined>
      <T = unknown>(filter: KeyFilter, ...args: MutateArgs<T>): Promise<(T | undefined)[]>
    }
  }

/**
 * The configuration the hooks of this component get, as SWR's
 * `useSWRConfig()`: the options in effect (the defaults, then each provider's
 * from the outermost in), the merged `fallback`, the instance, and `mutate`
 * bound to it. The same object while no provider above changes.
 *
 * @example
 * ```tsx fragment
 * const { mutate, refreshInterval } = useSharedCallConfig()
 * const signOut = () => mutate('/api/user', null, { revalidate: false })
 * ```
 */
export function useSharedCallConfig(): SharedCallConfig {
  const config = useContext(SharedCallContext)
  return useMemo<SharedCallConfig>(
    () => ({
      ...defaultOptions,
      ...config.options,
      shared: config.shared,
      fallback: Object.fromEntries(Array.from(config.fallback, ([id, seed]) => [id, seed.data])),
      mutate: ((key: SharedCallKey, ...args: MutateArgs<unknown>) =>
        mutate(config.shared, key, ...args)) as SharedCallConfig['mutate'],
    }),
    [config],
  )
}
