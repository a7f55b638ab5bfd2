import type { SharedCall } from 'shared-call'
import type { Fetcher, Options, ReadyKey } from './options'
import { sameData } from './same-data'

/**
 * What every component of one key sees. Replaced, never mutated, on each
 * change, so `useSyncExternalStore` re-renders exactly when something changed.
 */
export interface KeyState {
  readonly data?: unknown
  readonly error?: unknown
  readonly isValidating: boolean
}

/** One mounted component of a key: its own call, its latest fetcher, key and options. */
export interface Member {
  /** None: the component only shows what others put in the key (shared local state). */
  fetcher?: Fetcher<unknown>
  /** The key as the component gave it, for the fetcher. */
  key?: ReadyKey
  options: Options
  /** Makes this component leave the flight it waits for. */
  controller?: AbortController
  /**
   * Set from the unmount until a tick later (its key's `leaving` timer):
   * leaving, unless it comes back.
   */
  away?: Timer
  /** The component's first key: `revalidateOnMount` applies to it only, as in SWR. */
  first?: boolean
}

export type Timer = ReturnType<typeof setTimeout>

/** One fetch of a key, as the key's entry follows it. */
export interface Run {
  /** Its answer reached `onSuccess` or `onError` (once per fetch, see `callbacks.ts`). */
  told?: boolean
}

/** The state of one key under one `SharedCall`, shared by its components. */
export interface KeyEntry {
  readonly store: Store
  readonly id: string
  /** The key as the app gave it (a string, an array or an object), for `mutate`'s key filter. */
  readonly key: unknown
  state: KeyState
  /** The `useSyncExternalStore` listeners of its components. */
  readonly listeners: Set<() => void>
  /** Its mounted components; the key's triggers and retries run while there are any. */
  readonly members: Set<Member>
  /** The fetch whose answer the key will show; a `mutate` or a newer fetch replaces it. */
  run?: Run
  /** The fetch whose answer it shows now: each of its waiting components gets its callback. */
  shown?: Run
  /** A fetch whose fetcher threw synchronously, shown already, until its flight ends (see `join`). */
  thrown?: Run
  /** The `mutate` in progress: an older one that ends later changes nothing. */
  mutation?: object
  /**
   * While `optimisticData` is shown: the data from before it (in an array,
   * as it may be `undefined`). Optimistic functions, data functions and
   * `populateCache` get it, and a rollback puts it back, never another
   * mutation's optimistic data.
   */
  committed?: [unknown]
  /**
   * The fetch a suspended render started (see `suspense.ts`), until another
   * fetch starts or every component has gone: the components that suspended
   * on it take its answer when they mount, instead of fetching again.
   */
  pending?: Promise<unknown>
  /**
   * The data came while no component showed the key (`fallback`, `preload`,
   * a suspended render): mounting does not fetch it again until every
   * component that showed it has gone.
   */
  fresh?: boolean
  /** Retries since the last success (see `retry.ts`). */
  retries: number
  /**
   * When the key's last answer came (ms): mounts within `dedupingInterval`
   * take it without a fetch, and focus fetches again only
   * `focusThrottleInterval` later.
   */
  answeredAt?: number
  /** When the key's last fetch started (ms; 0: never), for `inspectSharedCall`. */
  fetchedAt: number
  gc?: Timer
  /** The timer that makes the components of the key that unmounted in this tick leave. */
  leaving?: Timer
  /** The mount revalidation, a tick away: one per key, for every component that mounts meanwhile. */
  soon?: Timer
  retry?: Timer
  /** The `refreshInterval` timer, and the interval it is armed with. */
  refresh?: Timer
  every?: number
}

/** The keys of one `SharedCall` instance, and its window listeners. */
export interface Store {
  readonly shared: SharedCall
  readonly entries: Map<string, KeyEntry>
  /** Keys with mounted components: the window listeners are on while there are any. */
  watching: number
  onEvent?: (event: Event) => void
  /** How many times `unload` emptied it. */
  unloads: number
}

/** Before the first answer, on the client. */
export const LOADING: KeyState = { isValidating: true }

/**
 * What the server renders, and the client while it hydrates, so the two
 * match. Loading like `LOADING`, but its own object: a suspense component
 * must not suspend on it, since nothing may be fetched on the server.
 */
export const SERVER: KeyState = { isValidating: true }

/** A `null` key: nothing to fetch, nothing loading. */
export const IDLE: KeyState = { isValidating: false }

// Per instance, so two providers never mix their keys; weak, so a dropped
// instance takes its entries with it.
const stores = new WeakMap<SharedCall, Store>()

/** The store of `shared`'s keys. */
export const storeOf = (shared: SharedCall): Store => {
  let store = stores.get(shared)
  if (!store) {
    store = { shared, entries: new Map(), watching: 0, unloads: 0 }
    stores.set(shared, store)
  }
  return store
}

/**
 * The entry of `id` (`key` as the app gave it), created if there is none:
 * with `seed` (the provider's `fallback`) as fresh data, else loading.
 */
export const entryOf = (store: Store, id: string, key: unknown, seed?: KeyState): KeyEntry => {
  let entry = store.entries.get(id)
  if (!entry) {
    entry = {
      store,
      id,
      key,
      state: seed ?? LOADING,
      listeners: new Set(),
      members: new Set(),
      fresh: !!seed,
      retries: 0,
      fetchedAt: 0,
    }
    store.entries.set(id, entry)
  }
  return entry
}

/** Adds a `useSyncExternalStore` listener to the key. */
export const listen = (entry: KeyEntry, listener: () => void) => {
  entry.listeners.add(listener)
  return () => {
    entry.listeners.delete(listener)
  }
}

/**
 * Drops the key's entry `gcTime` ms from now (default 5 minutes; `Infinity`:
 * never) unless a component shows it by then, so keys nobody shows leave
 * nothing behind. Called when the last component leaves, and when the key
 * gets data with no component (`preload`, `mutate`, a suspended render).
 */
export const keep = (entry: KeyEntry, gcTime = 300_000): void => {
  if (entry.members.size) return
  clearTimeout(entry.gc)
  if (gcTime === Infinity) return
  const { entries } = entry.store
  entry.gc = setTimeout(() => {
    if (!entry.members.size && entries.get(entry.id) === entry) entries.delete(entry.id)
  }, gcTime)
  // A server that preloads must not be kept alive by the timer.
  ;(entry.gc as { unref?: () => void }).unref?.()
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

/**
 * Shows `data` as the key's answer: clears its error and ends its loading.
 * Data `equal` to the key's (default `sameData`; a component's `compare`
 * for a fetch's answer) keeps the key's, so an answer that changed nothing
 * renders nothing.
 */
export const showData = (
  entry: KeyEntry,
  data: unknown,
  equal: (shown: unknown, data: unknown) => boolean = sameData,
): void => {
  const shown = entry.state.data
  update(entry, {
    data: equal(shown, data) ? shown : data,
    error: undefined,
    isValidating: false,
  })
}

/**
 * The smallest number `pick` gives over the key's mounted components, or
 * `undefined` when none gives one: when components of one key ask for
 * different intervals or counts, the key follows the smallest.
 */
export const least = (
  entry: KeyEntry,
  pick: (options: Options) => number | false | undefined,
): number | undefined => {
  let smallest: number | undefined
  for (const { options } of entry.members) {
    const value = pick(options)
    if (typeof value === 'number' && (smallest === undefined || value < smallest)) smallest = value
  }
  return smallest
}
