import {
  useCallback,
  useContext,
  useDebugValue,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from 'react'
import { check } from '../core/check'
import { resolveKey, type SharedCallKey, toId } from './key'
import { entryOf, IDLE, LOADING, listen, type Member, SERVER, storeOf } from './key-store'
import { enter } from './membership'
import type { Mutate } from './mutate'
import { noServerData, onServer } from './on-server'
import {
  checkOptions,
  type Fetcher,
  type Options,
  type ReadyKey,
  type UseSharedCallOptions,
} from './options'
import { adopt, unwrap } from './promise'
import { SharedCallContext } from './provider'
import { suspend } from './suspense'
import { poll, pollFor } from './triggers'
import { respond, snapshot, type View } from './view'

export type { SharedCallKey } from './key'
export type { Mutate, MutateArgs, MutateData, MutateOptions } from './mutate'
export type { Fetcher, ReadyKey, UseSharedCallOptions } from './options'

/** What `useSharedCall` returns; the names follow SWR. */
export interface SharedCallResponse<T, E = Error> {
  /**
   * The last answer for this key, kept while a new one loads or after an
   * error; else the previous key's data (`keepPreviousData`), the provider's
   * `fallback` or `fallbackData`.
   */
  data: T | undefined
  /** The last error for this key; cleared by the next answer. */
  error: E | undefined
  /** Fetching and nothing to show in `data` yet: show a placeholder. */
  isLoading: boolean
  /** Fetching, with or without data. */
  isValidating: boolean
  /** Sets the key's data or fetches it again, for every component of it. See {@link Mutate}. */
  mutate: Mutate<T>
}

const noSubscription = () => () => {}

/**
 * Fetches `key` once for every component that asks for it at the same time,
 * keeps its data for the next mount, and fetches it again on mount, focus,
 * reconnect, `refreshInterval` and retries: each time once for all the
 * components of the key.
 *
 * Each mounted component is one caller of `shared.join(key, fetcher)` with
 * its own signal, so the instance's stats count them (one miss, then a hit
 * for each one that joins) and the fetch is aborted only when no component
 * waits. Correct under StrictMode (the double mount neither aborts nor
 * repeats the fetch), on key change (a late answer for an old key is never
 * shown) and on the server (nothing is fetched during a server render).
 *
 * @param key - what to fetch; `null` waits. See {@link SharedCallKey}.
 * @param fetcher - called once per flight, by the first component of the key.
 * @param options - see {@link UseSharedCallOptions}.
 * @throws TypeError during render for a bad key, fetcher or option.
 *
 * @example
 * ```tsx
 * const { data, error, isLoading } = useSharedCall(`/api/users/${id}`, (signal) =>
 *   fetch(`/api/users/${id}`, { signal }).then((r) => r.json()),
 * )
 * ```
 */
export function useSharedCall<T, E = Error>(
  key: SharedCallKey | (() => SharedCallKey),
  fetcher: Fetcher<T>,
  options: UseSharedCallOptions<NoInfer<Awaited<T>>, E> & {
    fallbackData: NoInfer<Awaited<T>> | Promise<NoInfer<Awaited<T>>>
  },
): SharedCallResponse<Awaited<T>, E> & { data: Awaited<T> }
export function useSharedCall<T, E = Error>(
  key: SharedCallKey | (() => SharedCallKey),
  fetcher: Fetcher<T>,
  options?: UseSharedCallOptions<NoInfer<Awaited<T>>, E>,
): SharedCallResponse<Awaited<T>, E>
export function useSharedCall<T = unknown, E = Error>(
  key: SharedCallKey | (() => SharedCallKey),
  fetcher: null | undefined,
  options: UseSharedCallOptions<T, E> & { fallbackData: T | Promise<T> },
): SharedCallResponse<T, E> & { data: T }
export function useSharedCall<T = unknown, E = Error>(
  key: SharedCallKey | (() => SharedCallKey),
  fetcher?: null,
  options?: UseSharedCallOptions<T, E>,
): SharedCallResponse<T, E>
export function useSharedCall<T, E = Error>(
  key: SharedCallKey | (() => SharedCallKey),
  fetcher?: Fetcher<T> | null,
  options: UseSharedCallOptions<Awaited<T>, E> = {},
): SharedCallResponse<Awaited<T>, E> {
  const config = useContext(SharedCallContext)
  // Checked, and seen as untyped below: the types were checked at the call site.
  checkOptions(options, 'useSharedCall options')
  const merged = (config.options ? { ...config.options, ...options } : options) as Options
  const { enabled, suspense, keepPreviousData, fallbackData } = merged
  const given = resolveKey(key)
  const encoded = toId(given, 'useSharedCall key') // a bad key is a bug even while disabled
  const id = enabled === false ? null : encoded
  // None anywhere: the hook shows what `mutate`, `fallback` or other hooks put in the key.
  const fetch = (fetcher ?? merged.fetcher) as Fetcher<unknown> | undefined
  if (id !== null) {
    check(
      fetch == null || typeof fetch === 'function',
      'useSharedCall fetcher',
      'a function (signal, key) => data, or null',
      fetch,
    )
  }
  const store = storeOf(config.shared)
  // A key without a fetcher is not loading, from its first render on.
  const seed = id === null ? undefined : (config.fallback.get(id) ?? (fetch ? undefined : IDLE))
  const entry = () => (id === null ? undefined : entryOf(store, id, given, seed))
  const current = () => (id === null ? IDLE : (store.entries.get(id)?.state ?? seed ?? LOADING))
  // This component's view of the key: the fields it reads, what it rendered.
  const view = useRef({ deps: 0 } as View).current
  view.entry = entry

  // biome-ignore lint/correctness/useExhaustiveDependencies: `entry` is new each render; `store, id, seed` are what it gives
  const subscribe = useCallback(
    (listener: () => void) => (id === null ? noSubscription() : listen(entry()!, listener)),
    [store, id, seed],
  )
  const rendered = useSyncExternalStore(
    subscribe,
    () => snapshot(view, current(), fallbackData),
    () => (id === null ? IDLE : (seed ?? SERVER)),
  )
  // The snapshot decides when to render; what renders is the key's state now.
  const state = rendered === SERVER ? rendered : current()
  useDebugValue(state)

  // This component's membership of the key: its call, and the fetcher and
  // options it reads when the key fetches (the latest, not those of the
  // render that started it). A new one when the instance or the key changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the deps are what makes a new member
  const member = useMemo<Member | undefined>(
    () =>
      id === null
        ? undefined
        : { fetcher: fetch, key: given as ReadyKey, options: merged, first: !view.mounted },
    [store, id],
  )
  // The fetcher and options are read when a fetch starts: a new inline
  // function on each render must not start a new fetch.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (member) {
      view.mounted = true
      return enter(entry()!, member)
    }
  }, [member])

  useEffect(() => {
    if (member) {
      const every = member.options.refreshInterval
      const next = merged.refreshInterval
      member.fetcher = fetch
      member.key = given as ReadyKey
      member.options = merged
      const entry = store.entries.get(id!)
      if (entry?.members.has(member)) {
        // A new `refreshInterval` re-arms the key's timer at once (a new
        // inline function does not: the timer asks the latest one each time);
        // else a shorter one (a function's, from the data just shown) does.
        if (every !== next && (typeof every !== 'function' || typeof next !== 'function'))
          poll(entry)
        else pollFor(entry, member)
      }
      adopt(entry, state)
    }
    if (state.data !== undefined) {
      view.previous = state.data
      view.unloads = store.unloads
    }
  })

  let data = state.data
  // (Not data from before an `unload`: the user it was shown to may have gone.)
  if (
    data === undefined &&
    keepPreviousData &&
    state.isValidating &&
    view.unloads === store.unloads
  )
    data = view.previous
  if (data === undefined) data = fallbackData
  // A promise (`fallback`, `fallbackData`): suspends until it resolves.
  data = unwrap(data)
  if (suspense && data === undefined && member && fetch) {
    if (state !== SERVER) suspend(entry()!, state, member)
    else if (onServer()) noServerData(id!)
  }
  return respond(view, data, state, keepPreviousData) as SharedCallResponse<Awaited<T>, E>
}
