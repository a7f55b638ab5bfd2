/** Something waiting on a signal: told once, when it aborts. */
export interface Waiter {
  leave(reason: unknown): void
}

// The waiters of each signal, behind one 'abort' listener per signal: adding
// one costs microseconds on Node, and more than ten on one signal make Node
// warn of a leak. The listener goes with the last waiter, so nothing stays on
// a long-lived signal once its calls have settled.
const bySignal = new WeakMap<AbortSignal, Set<Waiter>>()

// One function for every signal: a listener runs with its signal as `this`.
function onAbort(this: AbortSignal) {
  const waiters = bySignal.get(this)
  bySignal.delete(this)
  // Absent only for an 'abort' event dispatched by hand a second time.
  for (const waiter of waiters ?? []) waiter.leave(this.reason)
}

/** Tells `waiter` when `signal` aborts, until `unlisten`. */
export const listen = (signal: AbortSignal, waiter: Waiter): void => {
  let waiters = bySignal.get(signal)
  if (!waiters) {
    waiters = new Set()
    bySignal.set(signal, waiters)
    signal.addEventListener('abort', onAbort)
  }
  waiters.add(waiter)
}

/** Stops telling `waiter`; the last one takes the event listener with it. */
export const unlisten = (signal: AbortSignal, waiter: Waiter): void => {
  const waiters = bySignal.get(signal)
  if (waiters?.delete(waiter) && !waiters.size) {
    bySignal.delete(signal)
    signal.removeEventListener('abort', onAbort)
  }
}

let never: AbortSignal | undefined

/**
 * The signal of work nobody can cancel (its first caller brought no signal,
 * and it has no timeout): one for all such work, that never aborts. It keeps
 * no listener, or work that adds one and never removes it (as `fetch` does
 * until its request is collected) would pile them up on it.
 */
export const neverAborted = (): AbortSignal => {
  if (!never) {
    never = new AbortController().signal
    // 'abort' is the only event an AbortSignal has.
    never.addEventListener = () => {}
  }
  return never
}
