import type { SharedCall } from 'shared-call'
import { revalidate } from './call'
import { type KeyEntry, storeOf, update } from './key-store'
import { mutateKey } from './mutate'

/** One key the hook holds, as `inspectSharedCall` reads it: a copy, changing nothing. */
export interface InspectedKey {
  /** The key as the core sees it: a string key as it is, an array key as `encodeKey(key)`. */
  readonly id: string
  /** What its components show (the last answer, or data set by `mutate` or `fallback`). */
  readonly data: unknown
  /** The last error, until the next answer. */
  readonly error: unknown
  /** A fetch of it is running. */
  readonly isValidating: boolean
  /** Its mounted components. */
  readonly subscribers: number
  /**
   * Its data came while no component showed it (`fallback`, `preload`), so
   * the next component shows it without fetching; without components and
   * not fresh, the next one fetches it again (stale).
   */
  readonly fresh: boolean
  /** Retries since its last success. */
  readonly retries: number
  /** When its last fetch started (ms since the epoch); 0: never fetched here. */
  readonly fetchedAt: number
}

/** What `inspectSharedCall` gives: the keys, and the three things a devtools panel does to one. */
export interface SharedCallInspector {
  /** Every key the hook holds under the instance now (mounted or kept for `gcTime`). */
  keys(): InspectedKey[]
  /** Fetches the key again for every component that shows it, as `mutate()` does. */
  revalidate(id: string): Promise<unknown>
  /** Shows `data` for the key in every component, without fetching, as `mutate(data, false)` does. */
  mutate(id: string, data: unknown): Promise<unknown>
  /**
   * Drops what the hook and the core hold for the key: its flight is
   * forgotten and its data gone; components that show it fetch it again.
   */
  forget(id: string): void
}

const read = (entry: KeyEntry): InspectedKey => ({
  id: entry.id,
  data: entry.state.data,
  error: entry.state.error,
  isValidating: entry.state.isValidating,
  subscribers: entry.members.size,
  fresh: !!entry.fresh,
  retries: entry.retries,
  fetchedAt: entry.fetchedAt,
})

/**
 * Reads the keys `useSharedCall` holds under `shared` (a provider's
 * instance, or `defaultSharedCall`), for tools such as
 * `<SharedCallDevtools />` from `shared-call/devtools`. Reading changes
 * nothing; the three actions do what `mutate` and `forget` do.
 *
 * @example
 * ```ts
 * import { defaultSharedCall } from 'shared-call'
 * import { inspectSharedCall } from 'shared-call/react'
 *
 * for (const key of inspectSharedCall(defaultSharedCall).keys()) console.log(key.id, key.subscribers)
 * ```
 */
export const inspectSharedCall = (shared: SharedCall): SharedCallInspector => {
  const { entries } = storeOf(shared)
  return {
    keys: () => [...entries.values()].map(read),
    revalidate: (id) => mutateKey(entries.get(id), []),
    mutate: (id, data) => mutateKey(entries.get(id), [() => data, false]),
    forget(id) {
      shared.forget(id)
      const entry = entries.get(id)
      if (!entry) return
      if (entry.members.size || entry.listeners.size) {
        update(entry, { data: undefined, error: undefined })
        revalidate(entry, true)
      } else {
        clearTimeout(entry.gc)
        clearTimeout(entry.retry)
        entries.delete(id)
      }
    },
  }
}
