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
  /**
   * The fetch a suspended render started (see `suspense.ts`). The components
   * that mount once it has answered take its answer instead of fetching
   * again; `mutate` clears it.
   */
  pending?: Promise<unknown>
}

/** Before the first answer, on the client. */
export const LOADING: KeyState = { isValidating: true, generation: 0 }

/**
 * What the server renders, and the client while it hydrates, so the two
 * match. Loading like `LOADING`, but its own object: a suspense component
 * must not suspend on it, since nothing may be fetched on the server.
 */
export const SERVER: KeyState = { isValidating: true, generation: 0 }

/** A `null` key: nothing to fetch, nothing loading. */
export const IDLE: KeyState = { isValidating: false, generation: 0 }

// Per instance, so two providers never mix their keys; weak, so a dropped
// instance takes its entries with it.
const stores = new WeakMap<SharedCall, Map<string, KeyEntry>>()

/**
 * The entries of `shared`, keyed by the hook's key. An entry exists while a
 * component is subscribed to its key (see `subscribeKey`), or from a
 * suspended render until its component mounts.
 */
export const entriesOf = (shared: SharedCall): Map<string, KeyEntry> => {
  let entries = stores.get(shared)
  if (!entries) {
    entries = new Map()
    stores.set(shared, entries)
  }
  return entries
}

/** The entry of `key`, created in the loading state if there is none. */
export const entryOf = (shared: SharedCall, key: string): KeyEntry => {
  const entries = entriesOf(shared)
  let entry = entries.get(key)
  if (!entry) {
    entry = { state: LOADING, stamp: 0, listeners: new Set() }
    entries.set(key, entry)
  }
  return entry
}

/**
 * Drops the entry of `key` a tick from now if nobody subscribed to it by
 * then: a StrictMode remount or a quick re-render comes back within the tick,
 * and entries live only while someone looks at them, so a million keys
 * visited once leave nothing behind.
 */
export const dropLater = (shared: SharedCall, key: string, entry: KeyEntry): void => {
  setTimeout(() => {
    const entries = entriesOf(shared)
    if (entry.listeners.size === 0 && entries.get(key) === entry) entries.delete(key)
  })
}

/**
 * Adds a component's listener to `key`, creating its entry. When the last
 * one leaves, the entry is dropped a tick later (see `dropLater`).
 */
export const subscribeKey = (shared: SharedCall, key: string, listener: () => void) => {
  const entry = entryOf(shared, key)
  entry.listeners.add(listener)
  return () => {
    entry.listeners.delete(listener)
    dropLater(shared, key, entry)
  }
}

/**
 * Applies `patch` and tells every component of the key, unless it changes
 * nothing: the 1000 components of one key each receive the same answer, and
 * only the first may wake the other 999 (else 1000 answers × 1000 listeners).
 */
export const update = (entry: KeyEntry, patch: Partial<KeyState>): void => {
  const { state } = entry
  if (
    (Object.keys(patch) as (keyof KeyState)[]).every((name) => Object.is(state[name], patch[name]))
  )
    return
  entry.state = { ...state, ...patch }
  for (const listener of entry.listeners) listener()
}

/** Shows `data` as the key's answer: clears its error and ends its loading. */
export const showData = (entry: KeyEntry, data: unknown): void =>
  update(entry, { data, error: undefined, isValidating: false })

/** Shows `error` as the key's answer, keeping its last data. */
export const showError = (entry: KeyEntry, error: unknown): void =>
  update(entry, { error, isValidating: false })
