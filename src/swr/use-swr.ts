import { useCallback, useContext } from 'react'
import { useSharedCall } from 'shared-call/react'
import { SWRContext } from './config'
import { quietly, unstable_serialize } from './global'
import { hookOptions } from './options'
import type {
  Any,
  BareFetcher,
  Key,
  KeyedMutator,
  SWRConfiguration,
  SWRHook,
  SWRResponse,
} from './types'

/**
 * The hook under the middleware: SWR's arguments mapped onto
 * `useSharedCall`. The fetcher gets the key, and `{ signal }`; `fallback` is
 * the key's `fallbackData` (so it is shown, and fetched again on mount, as in
 * SWR); `compare`, unless given, is the hook's deep equality, as SWR's.
 */
const useSWRHandler = (
  key: Key,
  fetcher: BareFetcher<unknown> | null,
  config: SWRConfiguration,
): SWRResponse => {
  const options = hookOptions(config, 'useSWR options')
  let { fallbackData, fallback } = config
  if (fallbackData === undefined && fallback) fallbackData = fallback[unstable_serialize(key)]
  options.fallbackData = fallbackData
  const response = useSharedCall(
    key as Parameters<typeof useSharedCall>[0],
    (fetcher && ((signal: AbortSignal, arg: unknown) => fetcher(arg, { signal }))) as null,
    options,
  )
  const bound = response.mutate
  const mutate = useCallback((...args: unknown[]) => quietly(bound, args), [bound])
  return {
    get data() {
      return response.data
    },
    get error() {
      return response.error
    },
    get isValidating() {
      return response.isValidating
    },
    // SWR's: loading while the key has no data of its own, fallback shown or not.
    get isLoading() {
      return (
        response.isLoading ||
        (fallbackData !== undefined && response.isValidating && response.data === fallbackData)
      )
    },
    mutate: mutate as KeyedMutator<Any>,
  }
}

/**
 * SWR's `useSWR(key, fetcher?, config?)`, on `useSharedCall`: the same
 * signatures and behaviour, and one cache with `shared-call/react`'s hooks.
 * The fetcher is called with the key (as SWR 2 does) and `{ signal }`, which
 * aborts when no component waits any more.
 *
 * @example
 * ```tsx fragment
 * import useSWR from 'shared-call/swr'
 * const { data, error, isLoading } = useSWR(`/api/user/${id}`, (url, { signal }) =>
 *   fetch(url, { signal }).then((r) => r.json()),
 * )
 * ```
 */
const useSWR = ((...args: unknown[]) => {
  const context = useContext(SWRContext)
  const hasFetcher = typeof args[1] === 'function'
  const own = ((hasFetcher || args[1] === null ? args[2] : args[1]) ?? {}) as SWRConfiguration
  const config: SWRConfiguration = { ...context, ...own }
  const use = [...(context.use ?? []), ...(own.use ?? [])]
  let next = useSWRHandler as unknown as SWRHook
  for (let i = use.length; i--; ) next = use[i]!(next) as unknown as SWRHook
  return (next as unknown as typeof useSWRHandler)(
    args[0] as Key,
    ((hasFetcher && args[1]) || config.fetcher || null) as BareFetcher<unknown> | null,
    config,
  )
}) as SWRHook

export default useSWR
