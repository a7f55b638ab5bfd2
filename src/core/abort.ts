/**
 * One caller waiting on its signal: told when the signal aborts, until
 * `unlisten`. The callers of one signal form a list through these links, so
 * joining and leaving allocate nothing. An interface, not a base class: the
 * classes that implement it are made once per call, and a derived class's
 * constructor made a call with a signal measurably slower.
 */
export interface Listener {
  /** The signal's list this listener is in; undefined once out of it. */
  waiters: Waiters | undefined
  previous: Listener | undefined
  next: Listener | undefined
  leave(reason: unknown): void
}

/** The listeners of one signal, behind a single 'abort' listener. */
export interface Waiters {
  readonly signal: AbortSignal
  first: Listener | undefined
  readonly onAbort: () => void
}

const bySignal = new WeakMap<AbortSignal, Waiters>()

/**
 * Tells `listener` when `signal` aborts, until `unlisten`. Listeners that
 * share a signal share one event listener on it: adding one costs
 * microseconds on Node, and more than ten on one signal make Node warn of a
 * leak. It goes with the last of them, so nothing stays on a long-lived
 * signal once its calls have settled.
 */
export const listen = (signal: AbortSignal, listener: Listener): void => {
  let waiters = bySignal.get(signal)
  if (!waiters) {
    const created: Waiters = {
      signal,
      first: undefined,
      onAbort: () => {
        if (bySignal.get(signal) === created) bySignal.delete(signal)
        let each = created.first
        created.first = undefined
        while (each) {
          const next = each.next
          // Out of the list before it is told, so a later unlisten is a no-op.
          if (each.waiters === created) {
            each.waiters = each.previous = each.next = undefined
            each.leave(signal.reason)
          }
          each = next
        }
      },
    }
    waiters = created
    bySignal.set(signal, created)
    signal.addEventListener('abort', created.onAbort)
  }
  const { first } = waiters
  listener.waiters = waiters
  listener.next = first
  if (first) first.previous = listener
  waiters.first = listener
}

/** Stops telling `listener`; removes the event listener after the last one. */
export const unlisten = (listener: Listener): void => {
  const { waiters, previous, next } = listener
  if (!waiters) return
  listener.waiters = listener.previous = listener.next = undefined
  if (previous) previous.next = next
  else waiters.first = next
  if (next) next.previous = previous
  if (!waiters.first) {
    const { signal } = waiters
    if (bySignal.get(signal) === waiters) bySignal.delete(signal)
    signal.removeEventListener('abort', waiters.onAbort)
  }
}

let never: AbortSignal | undefined

/**
 * The signal of work that nobody can cancel: its first caller brought no
 * signal and it has no timeout. One for every such flight, made on first
 * use. It never aborts, so an abort listener on it would never run; it keeps
 * none, or work that listens without removing its listener (as `fetch` does
 * until its request is collected) would pile them up on one global signal.
 */
export const neverAborted = (): AbortSignal => {
  if (!never) {
    never = new AbortController().signal
    // 'abort' is the only event an AbortSignal has.
    never.addEventListener = () => {}
  }
  return never
}
