import { TimeoutError } from './errors'

/** How a flight ended, as told to its owner. */
export enum Outcome {
  Ok,
  Failed,
  Cancelled,
}

/** Told once when a flight ends, so the owner can free the key and count it. */
export type OnEnd = (key: string, flight: Flight, outcome: Outcome) => void

/**
 * One run of the work for one key, and the callers waiting on it. Like Go's
 * `singleflight.call`, but every caller can leave on its own: the work is
 * aborted only when the last caller that could leave has left.
 */
export class Flight {
  /** Settles with the work's result; callers without a signal get it as is. */
  readonly promise: Promise<unknown>
  #settle!: (outcome: Outcome, value: unknown) => void
  #controller = new AbortController()
  /** Callers with a signal that have not left yet. */
  #waiting = 0
  /** A caller without a signal joined: nobody can cancel this flight any more. */
  #pinned = false
  #done = false

  constructor(
    key: string,
    work: (signal: AbortSignal) => unknown,
    timeout: number | undefined,
    /** How long a success stays shared after it settled. */
    readonly shareFor: number | undefined,
    onEnd: OnEnd,
  ) {
    let timer: ReturnType<typeof setTimeout> | undefined
    this.promise = new Promise((resolve, reject) => {
      this.#settle = (outcome, value) => {
        if (this.#done) return
        this.#done = true
        clearTimeout(timer)
        onEnd(key, this, outcome)
        if (outcome === Outcome.Ok) resolve(value)
        else reject(value)
      }
    })
    if (timeout) {
      timer = setTimeout(() => this.#abort(Outcome.Failed, new TimeoutError(key, timeout)), timeout)
    }
    let result: unknown
    try {
      result = work(this.#controller.signal)
    } catch (error) {
      // Settle a synchronous throw asynchronously too, once the owner has the flight.
      result = Promise.reject(error)
    }
    Promise.resolve(result).then(
      (value) => this.#settle(Outcome.Ok, value),
      (error) => this.#settle(Outcome.Failed, error),
    )
  }

  /** Adds a caller. Without a signal it gets the shared promise; with one, its own. */
  join(signal?: AbortSignal): Promise<unknown> {
    if (!signal) {
      this.#pinned = true
      return this.promise
    }
    this.#waiting++
    return new Promise((resolve, reject) => {
      const leave = () => {
        reject(signal.reason)
        if (--this.#waiting === 0 && !this.#pinned) this.#abort(Outcome.Cancelled, signal.reason)
      }
      const done = (settle: (value: unknown) => void) => (value: unknown) => {
        // A long-lived signal must not keep a listener per finished call.
        signal.removeEventListener('abort', leave)
        settle(value)
      }
      signal.addEventListener('abort', leave, { once: true })
      this.promise.then(done(resolve), done(reject))
    })
  }

  #abort(outcome: Outcome, reason: unknown): void {
    if (this.#done) return
    this.#settle(outcome, reason)
    this.#controller.abort(reason)
  }
}
