/** The callers waiting on one signal, behind a single 'abort' listener. */
interface Waiters {
  callers: Set<() => void>
  listener: () => void
}

const bySignal = new WeakMap<AbortSignal, Waiters>()

/**
 * Calls `leave` when `signal` aborts; returns the function that stops
 * waiting. Callers that share a signal share one listener: adding an event
 * listener costs about a microsecond on Node, and more than ten on one signal
 * make Node warn of a leak. The listener goes away with the last caller, so
 * nothing stays on a long-lived signal once its calls have settled.
 */
export const whenAborted = (signal: AbortSignal, leave: () => void): (() => void) => {
  let waiters = bySignal.get(signal)
  if (!waiters) {
    const callers = new Set<() => void>()
    const listener = () => {
      bySignal.delete(signal)
      for (const caller of callers) caller()
    }
    waiters = { callers, listener }
    bySignal.set(signal, waiters)
    signal.addEventListener('abort', listener)
  }
  const { callers, listener } = waiters
  callers.add(leave)
  return () => {
    callers.delete(leave)
    if (callers.size === 0 && bySignal.get(signal) === waiters) {
      bySignal.delete(signal)
      signal.removeEventListener('abort', listener)
    }
  }
}
