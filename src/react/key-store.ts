import type { SharedCall } from 'shared-call'

/**
 * What every component of one key sees. Replaced, never mutated, on each
 * change, so `useSyncExternalStore` re-renders exactly when something changed.
 */
export interface KeyState {
  readonly data?: unknown
  readonly error?: unknown
  readonly isValidating: boolean
  /** Bumped by `mutate()`: each component of the key then runs its call again. */
  readonly generation: number
}

/** The state of one key, shared by the components of that key under one `SharedCall`. */
export interface KeyEntry {
  state: KeyState
  /**
   * Bumped by every `mutate`: a call started before it answers for data that
   * is no longer current, so its answer is dropped.
   */
  stamp: number
  readonly listeners: Set<() => void>
}

/** Before the first answer; also what the server renders, so hydration matches. */
export const LOADING: KeyState = { isValidating: true, generation: 0 }

/** A `null` key: nothing to fetch, nothing loading. */
export const IDLE: KeyState = { isValidating: false, generation: 0 }

// Per instance, so two providers never mix their keys; weak, so a dropped
// instance takes its entries with it.
const stores = new WeakMap<SharedCall, Map<string, KeyEntry>>()

/**
 * The entries of `shared`, keyed by the hook's key. An entry exists while a
 * component is subscribed to its key (see `subscribeKey`).
 */
export const entriesOf = (shared: SharedCall): Map<string, KeyEntry> => {
  let entries = stores.get(shared)
  if (!entries) {
    entries = new Map()
    stores.set(shared, entries)
  }
  return entries
}

/**
 * Adds a component's listener to `key`, creating its entry. When the last
 * one leaves, the entry is dropped a tick later, unless a StrictMode remount
 * or a quick re-render subscribed again: entries live only while someone
 * looks at them, so a million keys visited once leave nothing behind.
 */
export const subscribeKey = (shared: SharedCall, key: string, listener: () => void) => {
  const entries = entriesOf(shared)
  let entry = entries.get(key)
  if (!entry) {
    entry = { state: LOADING, stamp: 0, listeners: new Set() }
    entries.set(key, entry)
  }
  const { listeners } = entry
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
    setTimeout(() => {
      if (listeners.size === 0 && entries.get(key)?.listeners === listeners) entries.delete(key)
    })
  }
}

/** Applies `patch` and tells every component of the key. */
export const update = (entry: KeyEntry, patch: Partial<KeyState>): void => {
  entry.state = { ...entry.state, ...patch }
  for (const listener of entry.listeners) listener()
}
