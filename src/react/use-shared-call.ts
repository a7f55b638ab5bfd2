import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react'
import { encodeKey, type SharedCall } from 'shared-call'
import { entriesOf, IDLE, type KeyState, LOADING, subscribeKey, update } from './key-store'
import { useSharedCallInstance } from './provider'

/**
 * What to fetch. A string is used as it is; an array is encoded with
 * `encodeKey`, so `['user', id]` built anew on each render is still one key.
 * `null`, `undefined` or `false` mean "don't fetch yet".
 */
export type SharedCallKey = string | readonly unknown[] | null | undefined | false

/** The fetcher: receives a signal that aborts when no component waits any more. */
export type Fetcher<T> = (signal: AbortSignal) => T | PromiseLike<T>

/** Options of `useSharedCall`, passed to `shared.run` for a call that starts a flight. */
export interface UseSharedCallOptions {
  /** Milliseconds the fetch may run before every component gets a `TimeoutError`. */
  timeout?: number
  /** Milliseconds the answer stays shared with components that mount just after. */
  shareFor?: number
}

/**
 * Sets the data of the key locally for every component of it, or, with no
 * argument, runs the fetch again (once for all components of the key).
 * Either way, an answer of a fetch started before is dropped.
 */
export type Mutate<T> = (...data: [] | [T]) => void

/** What `useSharedCall` returns; the names follow SWR. */
export interface SharedCallResponse<T, E = Error> {
  /** The last answer for this key, kept while a new one loads or after an error. */
  data: T | undefined
  /** The last error for this key; cleared by the next answer. */
  error: E | undefined
  /** Fetching and no data yet: show a placeholder. */
  isLoading: boolean
  /** Fetching, with or without data. */
  isValidating: boolean
  mutate: Mutate<T>
}

/**
 * One component's call of the current key. It lives as long as the key,
 * instance and generation stay the same, so a remount finds it again.
 */
interface Slot {
  controller?: AbortController
  release?: ReturnType<typeof setTimeout>
}

const noSubscription = () => {}

const fail = (problem: string): never => {
  throw new TypeError(`shared-call: useSharedCall ${problem}`)
}

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
  options?: UseSharedCallOptions,
): SharedCallResponse<Awaited<T>, E> {
  const shared = useSharedCallInstance()
  const id = toId(key)
  if (id !== null && typeof fetcher !== 'function')
    fail('fetcher must be a function (signal) => data')
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    fail('options must be an object')
  }

  const subscribe = useCallback(
    (listener: () => void) => (id === null ? noSubscription : subscribeKey(shared, id, listener)),
    [shared, id],
  )
  const state: KeyState = useSyncExternalStore(
    subscribe,
    () => (id === null ? IDLE : (entriesOf(shared).get(id)?.state ?? LOADING)),
    () => (id === null ? IDLE : LOADING),
  )

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
    if (slot.controller?.signal.aborted === false) clearTimeout(slot.release)
    else slot.controller = call(shared, id, fetcher, options)
    // Leave a tick later, so that a remount can take the call back first.
    return () => {
      slot.release = setTimeout(() => slot.controller!.abort())
    }
  }, [slot])

  const mutate = useCallback<Mutate<Awaited<T>>>(
    (...data) => {
      const entry = id === null ? undefined : entriesOf(shared).get(id)
      if (!entry) return
      entry.stamp++
      if (data.length) update(entry, { data: data[0], error: undefined, isValidating: false })
      else {
        // The running flight may have started before the change that called for a refetch.
        shared.forget(id!)
        update(entry, { generation: entry.state.generation + 1, isValidating: true })
      }
    },
    [shared, id],
  )

  return {
    data: state.data as Awaited<T> | undefined,
    error: state.error as E | undefined,
    isLoading: state.isValidating && state.data === undefined,
    isValidating: state.isValidating,
    mutate,
  }
}

/**
 * Starts one component's call and writes its outcome to the key's entry.
 * Returns the controller that makes this component leave the flight.
 */
const call = (
  shared: SharedCall,
  key: string,
  fetcher: Fetcher<unknown>,
  options: UseSharedCallOptions | undefined,
): AbortController => {
  const controller = new AbortController()
  // The component subscribed to the key before its effects ran.
  const entry = entriesOf(shared).get(key)!
  const { stamp } = entry
  if (!entry.state.isValidating) update(entry, { isValidating: true })
  shared.run(key, fetcher, { ...options, signal: controller.signal }).then(
    (data) => {
      if (entry.stamp === stamp) update(entry, { data, error: undefined, isValidating: false })
    },
    (error) => {
      // Our own leaving is no error to show.
      if (entry.stamp === stamp && !controller.signal.aborted) {
        update(entry, { error, isValidating: false })
      }
    },
  )
  return controller
}

const toId = (key: SharedCallKey): string | null => {
  if (key === null || key === undefined || key === false) return null
  if (typeof key === 'string' && key !== '') return key
  if (Array.isArray(key)) return encodeKey(key)
  return fail('key must be a non-empty string, an array, or null')
}
