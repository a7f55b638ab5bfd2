import { defaultSharedCall, type SharedCall } from 'shared-call'
import {
  mutate as mutateKey,
  preload as preloadKey,
  type SharedCallKey,
  serializeKey,
  unload as unloadKeys,
} from 'shared-call/react'
import type { Any, Arguments, FetcherResponse, Key, ScopedMutator, Unloader } from './types'

/**
 * Calls `mutate(...args)` with SWR's `throwOnError` taken out of the
 * options: `false` makes a failed mutation resolve with `undefined`.
 */
export const quietly = (
  mutate: (...args: Any[]) => Promise<unknown>,
  args: unknown[],
): Promise<Any> => {
  const options = args[1] as { throwOnError?: boolean } | undefined
  if (typeof options !== 'object' || !options || !('throwOnError' in options))
    return mutate(...args)
  const { throwOnError, ...rest } = options
  const done = mutate(args[0], rest)
  return throwOnError === false ? done.catch(() => undefined) : done
}

/** The global `mutate` of one instance's keys (`useSWRConfig().mutate` under a provider). */
export const mutateOn =
  (shared: SharedCall): ScopedMutator =>
  (key: unknown, ...args: unknown[]) =>
    quietly((...rest) => mutateKey(shared, key as Arguments, ...(rest as [])), args)

/**
 * SWR's global `mutate(key, data?, options?)`: the keys of hooks that have no
 * provider instance (both entries' hooks: one cache). A function instead of
 * the key picks keys (see docs/migrating-from-swr.md).
 */
export const mutate: ScopedMutator = /* @__PURE__ */ mutateOn(defaultSharedCall)

/** SWR's `unload`, on the cache of `shared`. */
export const unloadOn =
  (shared: SharedCall): Unloader =>
  (options) =>
    unloadKeys(shared, options)

/** SWR's global `unload`: empties the default cache (`useSWRConfig().unload` under no provider). */
export const unload: Unloader = /* @__PURE__ */ unloadOn(defaultSharedCall)

/**
 * SWR's `preload(key, fetcher)`: starts the fetch before any component asks
 * for it; the fetcher gets the key (and `{ signal }`). Returns its promise,
 * or `undefined` on a server, where it does nothing.
 */
export const preload = <Data = Any>(
  key: Key,
  fetcher: (arg: Any, options: { signal: AbortSignal }) => FetcherResponse<Data>,
): Promise<Data | undefined> | undefined =>
  typeof window === 'undefined'
    ? undefined
    : (preloadKey(key as SharedCallKey, (signal, arg) => fetcher(arg, { signal })) as Promise<
        Data | undefined
      >)

/**
 * The string a key is stored under (SWR's `unstable_serialize`): a string
 * key as it is, an array or object key encoded by value, `''` for no key.
 * The keys of `fallback` are these.
 */
export const unstable_serialize = serializeKey as (key: Key) => string
