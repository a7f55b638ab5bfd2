import { defaultSharedCall, SharedCall } from 'shared-call'
import { check } from '../core/check'
import { settle, track } from './call'
import { resolveKey, type SharedCallKey, toId } from './key'
import { entryOf, keep, storeOf } from './key-store'
import { type MutateArgs, mutateKey } from './mutate'
import { onServer } from './on-server'
import type { Fetcher, ReadyKey } from './options'

/** `[shared, ...rest]` when the first argument is an instance, else `[defaultSharedCall, ...args]`. */
export const instanceFirst = (args: unknown[]): [SharedCall, ...unknown[]] =>
  args[0] instanceof SharedCall
    ? (args as [SharedCall, ...unknown[]])
    : [defaultSharedCall, ...args]

/** Picks keys for `mutate`: the key as a hook gave it, a string, an array or an object. */
export type KeyFilter = (key: ReadyKey) => boolean

/**
 * `mutate` of a key from anywhere (an event handler, a router, a test), as
 * SWR's global `mutate`: reaches every component of the key under the
 * instance (first argument, default `defaultSharedCall`; a provider's is
 * `useSharedCallInstance()`). See {@link Mutate} for the arguments. Data set
 * for a key no component shows is kept for 5 minutes (`gcTime`'s default),
 * and shown at once by the next component of the key.
 *
 * A function instead of the key mutates every key of the instance it
 * returns `true` for (each key as the hook, `mutate` or `preload` gave it),
 * and resolves with their results in an array.
 *
 * @example
 * ```ts
 * await mutate(['user', id], (user) => ({ ...user, name }), { revalidate: false })
 * await mutate(shared, ['user', id]) // fetch again, under a provider's instance
 * // On sign-out: no user's data survives into the next session.
 * await mutate(() => true, undefined, { revalidate: false })
 * ```
 */
export function mutate<T = unknown>(
  key: SharedCallKey,
  ...args: MutateArgs<T>
): Promise<T | undefined>
export function mutate<T = unknown>(
  shared: SharedCall,
  key: SharedCallKey,
  ...args: MutateArgs<T>
): Promise<T | undefined>
export function mutate<T = unknown>(
  filter: KeyFilter,
  ...args: MutateArgs<T>
): Promise<(T | undefined)[]>
export function mutate<T = unknown>(
  shared: SharedCall,
  filter: KeyFilter,
  ...args: MutateArgs<T>
): Promise<(T | undefined)[]>
export function mutate(...all: unknown[]): Promise<unknown> {
  const [shared, key, ...args] = instanceFirst(all)
  const store = storeOf(shared)
  if (typeof key === 'function') {
    try {
      const chosen = [...store.entries.values()].filter((entry) => key(entry.key))
      return Promise.all(chosen.map((entry) => mutateKey(entry, args)))
    } catch (error) {
      // The app's own filter failed: its promise says so, as SWR's does.
      return Promise.reject(error)
    }
  }
  const id = toId(key as SharedCallKey, 'mutate key')
  return mutateKey(
    id === null ? undefined : args.length ? entryOf(store, id, key) : store.entries.get(id),
    args,
  )
}

/**
 * Starts fetching a key (or a key function's key) before any component asks
 * for it (on hover, in a router's loader), as SWR's `preload`: the components of the key that
 * mount meanwhile join the fetch, and the ones that mount after it show its
 * data at once, without fetching again. Runs on the instance given first
 * (default `defaultSharedCall`). The fetch has no signal to leave: it runs to
 * its end. Resolves with the data; ignoring a rejection is safe (no
 * unhandled rejection).
 *
 * On a server (no `window`) it does nothing and resolves with `undefined`:
 * nothing a server renders reads it (data reaches a server render through
 * `fallback`), and a process-wide instance would keep it across requests.
 *
 * @example
 * ```tsx fragment
 * <a href={`/users/${id}`} onMouseEnter={() => preload(['user', id], (signal) => getUser(id, signal))}>
 * ```
 */
export function preload<T>(
  key: SharedCallKey | (() => SharedCallKey),
  fetcher: Fetcher<T>,
): Promise<Awaited<T> | undefined>
export function preload<T>(
  shared: SharedCall,
  key: SharedCallKey | (() => SharedCallKey),
  fetcher: Fetcher<T>,
): Promise<Awaited<T> | undefined>
export function preload(...all: unknown[]): Promise<unknown> {
  const [shared, given, fetcher] = instanceFirst(all)
  const key = resolveKey(given as SharedCallKey)
  const id = toId(key, 'preload key', false)!
  check(
    typeof fetcher === 'function',
    'preload fetcher',
    'a function (signal, key) => data',
    fetcher,
  )
  if (onServer()) return Promise.resolve()
  const entry = entryOf(storeOf(shared), id, key)
  const { result, leader } = shared.join(id, (signal) =>
    (fetcher as Fetcher<unknown>)(signal, key as ReadyKey),
  )
  const run = track(entry, leader)
  result.then(
    (data) => settle(entry, run, data),
    // Shown only to components already on the key: a component that mounts
    // later loads it afresh, with no error from a prefetch on screen.
    (error) => {
      if (entry.members.size) settle(entry, run, error, true)
      else if (run === entry.run) entry.run = undefined
    },
  )
  keep(entry)
  return result
}
