import { revalidate } from './call'
import { type KeyEntry, least, type Member, type Store } from './key-store'
import type { Options } from './options'
import { visible } from './page'

const EVENTS = ['focus', 'visibilitychange', 'online'] as const

/**
 * Whether the key answered less than `dedupingInterval` ago (its
 * components' smallest, 2 s by default): focus, reconnect and refresh
 * fetches skip it then, as SWR dedupes them (a mount checks its own, in
 * `fetchesOnMount`; `mutate()` clears it).
 */
const deduped = (entry: KeyEntry, now: number) =>
  now < entry.answeredAt! + least(entry, (o) => o.dedupingInterval ?? 2000)!

/**
 * Focus, visibility and reconnect fetch every key that has components and
 * wants it, once per key whatever the number of components, unless it is
 * `deduped`. Focus also skips a key whose last answer came less than
 * `focusThrottleInterval` ago (SWR counts from a component's mount or last
 * focus fetch).
 */
const onEvent = (store: Store, { type }: Event) => {
  if (!visible()) return
  const now = Date.now()
  for (const entry of store.entries.values()) {
    if (deduped(entry, now)) continue
    if (type === 'online') {
      if (least(entry, (o) => o.revalidateOnReconnect !== false && 0) === 0) revalidate(entry)
    } else {
      const throttle = least(
        entry,
        (o) => o.revalidateOnFocus !== false && (o.focusThrottleInterval ?? 5000),
      )
      // (A key that never answered is not held back: `undefined` compares false.)
      if (throttle !== undefined && !(now < entry.answeredAt! + throttle)) revalidate(entry)
    }
  }
}

/**
 * Counts a key of `store` that gained (`on`) or lost its last component. The
 * instance listens to each window event once, from its first such key to its
 * last: never one listener per component.
 */
export const watch = (store: Store, on: boolean): void => {
  if (on ? store.watching++ : --store.watching) return
  store.onEvent ??= (event) => onEvent(store, event)
  // Optional: React Native has no window events.
  for (const type of EVENTS)
    globalThis[on ? 'addEventListener' : 'removeEventListener']?.(type, store.onEvent)
}

/** A component's `refreshInterval` for the key now: a function gets the key's latest data. */
const interval = ({ refreshInterval }: Options, entry: KeyEntry) =>
  typeof refreshInterval === 'function' ? refreshInterval(entry.state.data) : refreshInterval

/**
 * Arms the key's `refreshInterval` timer: the smallest interval its
 * components ask for. When it fires, the key is fetched once for all of
 * them (not while the page is hidden, unless one asks `refreshWhenHidden`,
 * nor while it is `deduped`: an interval shorter than `dedupingInterval`
 * fetches once per `dedupingInterval`, as SWR's), and the timer is armed
 * again once that fetch has settled (so an interval function sees its
 * answer), while they still ask.
 */
export const poll = (entry: KeyEntry): void => {
  clearTimeout(entry.refresh)
  const every = least(entry, (o) => interval(o, entry) || undefined)
  const again = () => poll(entry)
  entry.every = every
  entry.refresh =
    every === undefined || every === Infinity
      ? undefined
      : setTimeout(() => {
          const call =
            (visible() || least(entry, (o) => o.refreshWhenHidden && 0) === 0) &&
            !deduped(entry, Date.now()) &&
            revalidate(entry)
          call ? call.then(again, again) : again()
        }, every)
}

/**
 * Re-arms the key's timer if `member` (just mounted, or rendered with new
 * options) asks for a shorter `refreshInterval` than the timer's: one
 * comparison per component, not a pass over all of them.
 */
export const pollFor = (entry: KeyEntry, { options }: Member): void => {
  const every = interval(options, entry)
  if (every && !(entry.every! <= every)) poll(entry)
}

/** Stops the key's timer: its last component has gone. */
export const stopPolling = (entry: KeyEntry): void => {
  clearTimeout(entry.refresh)
  entry.every = undefined
}
