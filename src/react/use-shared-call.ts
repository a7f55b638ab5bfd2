import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { encodeKey } from 'shared-call'
import { call, type Latest, type Slot } from './call'
import {
  entriesOf,
  IDLE,
  type KeyState,
  LOADING,
  SERVER,
  showData,
  subscribeKey,
  update,
} from './key-store'
import { checkOptions, fail, type UseSharedCallOptions } from './options'
import { useSharedCallInstance } from './provider'
import { suspend } from './suspense'

export type { UseSharedCallOptions } from './options'

/**
 * What to fetch. A string is used as it is; an array is encoded with
 * `encodeKey`, so `['user', id]` built anew on each render is still one key.
 * `null`, `undefined` or `false` mean "don't fetch yet".
 */
export type SharedCallKey = string | readonly unknown[] | null | undefined | false

/** The fetcher: receives a signal that aborts when no component waits any more. */
export type Fetcher<T> = (signal: AbortSignal) => T | PromiseLike<T>

/**
 * Sets the data of the key locally for every component of it, or, with no
 * argument, runs the fetch again (once for all components of the key).
 * Either way, an answer of a fetch started before is dropped.
 */
export type Mutate<T> = (...data: [] | [T]) => void

/** What `useSharedCall` returns; the names follow SWR. */
export interface SharedCallResponse<T, E = Error> {
  /**
   * The last answer for this key, kept while a new one loads or after an
   * error; else the previous key's data (`keepPreviousData`) or `fallbackData`.
   */
  data: T | undefined
  /** The last error for this key; cleared by the next answer. */
  error: E | undefined
  /** Fetching and nothing to show in `data` yet: show a placeholder. */
  isLoading: boolean
  /** Fetching, with or without data. */
  isValidating: boolean
  mutate: Mutate<T>
}

const noSubscription = () => {}

/**
 * Fetches `key` once for every component that asks for it at the same time.
 *
 * Each mounted component is one caller of `shared.run(key, fetcher)` with its
 * own signal, so the instance's stats count them (one miss, then a hit for
 * each one that joins) and the fetch is aborted only when no component waits.
 * Correct under StrictMode (the double mount neither aborts nor repeats the
 * fetch), on key change (a late answer for an old key is never shown) and on
 * the server (nothing is fetched during a server render).
 *
 * @param key - what to fetch; `null` waits. See {@link SharedCallKey}.
 * @param fetcher - called once per flight, by the first component of the key.
 * @param options - see {@link UseSharedCallOptions}.
 * @throws TypeError during render for a bad key, fetcher or options.
 *
 * @example
 * ```tsx
 * const { data, error, isLoading } = useSharedCall(`/api/users/${id}`, (signal) =>
 *   fetch(`/api/users/${id}`, { signal }).then((r) => r.json()),
 * )
 * ```
 */
export function useSharedCall<T, E = Error>(
  key: SharedCallKey,
  fetcher: Fetcher<T>,
  options: UseSharedCallOptions<NoInfer<Awaited<T>>, E> & { fallbackData: NoInfer<Awaited<T>> },
): SharedCallResponse<Awaited<T>, E> & { data: Awaited<T> }
export function useSharedCall<T, E = Error>(
  key: SharedCallKey,
  fetcher: Fetcher<T>,
  options?: UseSharedCallOptions<NoInfer<Awaited<T>>, E>,
): SharedCallResponse<Awaited<T>, E>
export function useSharedCall<T, E = Error>(
  key: SharedCallKey,
  fetcher: Fetcher<T>,
  options: UseSharedCallOptions<Awaited<T>, E> = {},
): SharedCallResponse<Awaited<T>, E> {
  const shared = useSharedCallInstance()
  // Checked, and seen as untyped below: the types were checked at the call site.
  const checked = checkOptions(options)
  const { enabled, suspense, keepPreviousData, fallbackData } = checked
  const encoded = toId(key) // a bad key is a bug even while disabled
  const id = enabled === false ? null : encoded
  if (id !== null && typeof fetcher !== 'function')
    fail('fetcher must be a function (signal) => data')

  const subscribe = useCallback(
    (listener: () => void) => (id === null ? noSubscription : subscribeKey(shared, id, listener)),
    [shared, id],
  )
  const state: KeyState = useSyncExternalStore(
    subscribe,
    () => (id === null ? IDLE : (entriesOf(shared).get(id)?.state ?? LOADING)),
    () => (id === null ? IDLE : SERVER),
  )

  // This component's own memory: the options its call reads when it answers
  // (the latest, not those of the render that started it), and the last data
  // it showed, for `keepPreviousData`.
  const latest = useRef<Latest & { previous?: unknown }>({ options: checked }).current
  useEffect(() => {
    latest.options = checked
    if (state.data !== undefined) latest.previous = state.data
  })

  // A new slot, hence a new call, when the instance, the key or the
  // generation changes. Should React ever drop this memo, a remount would
  // join the flight as a second caller: one more hit, no refetch, no abort.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the deps are what makes a new slot
  const slot = useMemo<Slot>(() => ({}), [shared, id, state.generation])
  // The fetcher and options are read when the call starts: a new inline
  // function on each render must not start a new fetch.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (id === null) return
    // Remounted within the grace tick (StrictMode, a quick re-render): keep the call.
    if (slot.controller?.signal.aborted === false) clearTimeout(slot.away)
    else call(shared, id, fetcher, slot, latest)
    slot.away = undefined
    // Leave a tick later, so that a remount can take the call back first.
    return () => {
      slot.away = setTimeout(() => slot.controller!.abort())
    }
  }, [slot])

  const mutate = useCallback<Mutate<Awaited<T>>>(
    (...data) => {
      const entry = id === null ? undefined : entriesOf(shared).get(id)
      if (!entry) return
      entry.stamp++
      entry.pending = undefined
      if (data.length) showData(entry, data[0])
      else {
        // The running flight may have started before the change that called for a refetch.
        shared.forget(id!)
        update(entry, { generation: entry.state.generation + 1, isValidating: true })
      }
    },
    [shared, id],
  )

  let data = state.data
  if (data === undefined && keepPreviousData && state.isValidating) data = latest.previous
  if (data === undefined) data = fallbackData
  if (suspense && data === undefined && id !== null && state !== SERVER) {
    suspend(shared, id, state, fetcher, checked)
  }
  return {
    data: data as Awaited<T> | undefined,
    error: state.error as E | undefined,
    isLoading: state.isValidating && data === undefined,
    isValidating: state.isValidating,
    mutate,
  }
}

const toId = (key: SharedCallKey): string | null => {
  if (key === null || key === undefined || key === false) return null
  if (typeof key === 'string' && key !== '') return key
  if (Array.isArray(key)) return encodeKey(key)
  return fail('key must be a non-empty string, an array, or null')
}
