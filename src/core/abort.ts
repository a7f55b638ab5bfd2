/** Something waiting on a signal, told when the signal aborts. */
export interface Leaver {
  leave(reason: unknown): void
}

/** The leavers of one signal, behind a single 'abort' listener. */
export interface Waiters {
  readonly signal: AbortSignal
  readonly leavers: Set<Leaver>
  readonly listener: () => void
}

const bySignal = new WeakMap<AbortSignal, Waiters>()

/**
 * Tells `leaver` when `signal` aborts, until `unlisten`. Leavers that share a
 * signal share one listener: adding an event listener costs microseconds on
 * Node, and more than ten on one signal make Node warn of a leak. The
 * listener goes with the last leaver, so nothing stays on a long-lived
 * signal once its calls have settled.
 */
export const listen = (signal: AbortSignal, leaver: Leaver): Waiters => {
  let waiters = bySignal.get(signal)
  if (!waiters) {
    const leavers = new Set<Leaver>()
    const listener = () => {
      bySignal.delete(signal)
      for (const each of leavers) each.leave(signal.reason)
    }
    waiters = { signal, leavers, listener }
    bySignal.set(signal, waiters)
    signal.addEventListener('abort', listener)
  }
  waiters.leavers.add(leaver)
  return waiters
}

/** Stops telling `leaver`; removes the listener when it was the last one. */
export const unlisten = (waiters: Waiters, leaver: Leaver): void => {
  const { signal, leavers, listener } = waiters
  leavers.delete(leaver)
  if (leavers.size === 0 && bySignal.get(signal) === waiters) {
    bySignal.delete(signal)
    signal.removeEventListener('abort', listener)
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
    const signal = new AbortController().signal
    const add = signal.addEventListener
    Object.defineProperty(signal, 'addEventListener', {
      value(this: AbortSignal, type: string, ...rest: unknown[]) {
        if (type !== 'abort') Reflect.apply(add, this, [type, ...rest])
      },
    })
    never = signal
  }
  return never
}
