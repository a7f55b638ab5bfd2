/** Something waiting on a signal: told once, when it aborts. */
export interface Waiter {
  leave(reason: unknown): void
}

// The waiters of each signal, behind one 'abort' listener per signal: adding
// one costs microseconds on Node, and more than ten on one signal make Node
// warn of a leak. The listener goes with the last waiter, so nothing stays on
// a long-lived signal once its calls have settled.
const bySignal = new WeakMap<AbortSignal, Set<Waiter>>()

// One function for every signal, which it finds on its event: not as `this`,
// which workerd sets to the global scope instead of the signal.
const onAbort = (event: Event) => {
  const signal = event.target as AbortSignal
  const waiters = bySignal.get(signal)
  bySignal.delete(signal)
  // Absent only for an 'abort' event dispatched by hand a second time.
  for (const waiter of waiters ?? []) waiter.leave(signal.reason)
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
 * Cloudflare Workers tie each AbortSignal to the request that made it: in any
 * other request, `fetch(url, { signal })` and `AbortSignal.any` throw "Cannot
 * perform I/O on behalf of a different request". There, no signal is shared.
 */
export const signalsBoundToRequests = () =>
  typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers'

/**
 * Aborts `controller` from any request, in the request that made it: for
 * Workers, where calling `abort()` from another request throws "Cannot
 * perform I/O on behalf of a different request". A promise made in the
 * controller's request resumes there when another request resolves it
 * (workerd's cross-request promise resolution, on by default since
 * 2024-10-14), so the abort runs where the controller belongs.
 */
export const abortFromAnyRequest = (controller: AbortController): ((reason: unknown) => void) => {
  let abort!: (reason: [unknown]) => void
  new Promise<[unknown]>((resolve) => {
    abort = resolve
  }).then(([reason]) => controller.abort(reason))
  return (reason) => abort([reason])
}

/**
 * The signal of work that nobody can cancel: its first caller brought no
 * signal and it has no timeout. One for every such flight, made on first
 * use (one per flight on Cloudflare Workers). It never aborts, so an abort
 * listener on it would never run; it keeps none, or work that listens
 * without removing its listener (as `fetch` does until its request is
 * collected) would pile them up on one global signal.
 */
export const neverAborted = (): AbortSignal => {
  if (never) return never
  const signal = new AbortController().signal
  // 'abort' is the only event an AbortSignal has.
  signal.addEventListener = () => {}
  if (!signalsBoundToRequests()) never = signal
  return signal
}
