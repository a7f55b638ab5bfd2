import { whenAborted } from './abort'
import { TimeoutError } from './errors'

/** How a flight ended, as told to its owner. */
export enum Outcome {
  Ok,
  Failed,
  Cancelled,
}

/** Told once when a flight ends, so the owner can free the key and count it. */
export type OnEnd = (flight: Flight, outcome: Outcome) => void

/**
 * One run of the work for one key, and the callers waiting on it. Like Go's
 * `singleflight.call`, but every caller can leave on its own: the work is
 * aborted only when the last caller that could leave has left.
 */
export class Flight {
  /** Settles with the work's result; callers without a signal get it as is. */
  readonly promise: Promise<unknown>
  /**
   * Only for work that declares a `signal` parameter: creating an
   * AbortController costs microseconds, more than the rest of a call, and
   * work that never reads its signal has nothing to abort.
   */
  #controller: AbortController | undefined
  /** Callers with a signal that have not left yet. */
  #waiting = 0
  /** A caller without a signal joined: nobody can cancel this flight any more. */
  #pinned = false
  #done = false
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    readonly key: string,
    work: (signal: AbortSignal) => unknown,
    timeout: number | undefined,
    /** How long a success stays shared after it settled. */
    readonly shareFor: number | undefined,
    private readonly onEnd: OnEnd,
  ) {
    let result: unknown
    try {
      if (work.length) this.#controller = new AbortController()
      result = work(this.#controller?.signal as AbortSignal)
    } catch (error) {
      // A synchronous throw settles asynchronously too, once the owner has the flight.
      result = Promise.reject(error)
    }
    // One promise for the whole flight, as cheap as a hand-written Map of
    // promises; a timeout races it, and callers who leave have their own.
    let promise = Promise.resolve(result).then(
      (value) => {
        this.#end(Outcome.Ok)
        return value
      },
      (error) => {
        this.#end(Outcome.Failed)
        throw error
      },
    )
    if (timeout) {
      const expired = new Promise<never>((_, reject) => {
        this.#timer = setTimeout(() => {
          const error = new TimeoutError(key, timeout)
          reject(error)
          this.#abort(Outcome.Failed, error)
        }, timeout)
      })
      promise = Promise.race([promise, expired])
    }
    this.promise = promise
  }

  /** Adds a caller. Without a signal it gets the shared promise; with one, its own. */
  join(signal?: AbortSignal): Promise<unknown> {
    if (!signal) {
      this.#pinned = true
      return this.promise
    }
    this.#waiting++
    return new Promise((resolve, reject) => {
      const stopWaiting = whenAborted(signal, () => {
        reject(signal.reason)
        if (--this.#waiting === 0 && !this.#pinned) this.#abort(Outcome.Cancelled, signal.reason)
      })
      this.promise.then(
        (value) => {
          stopWaiting()
          resolve(value)
        },
        (error) => {
          stopWaiting()
          reject(error)
        },
      )
    })
  }

  /** Ends the flight once; returns false if it had already ended. */
  #end(outcome: Outcome): boolean {
    if (this.#done) return false
    this.#done = true
    clearTimeout(this.#timer)
    this.onEnd(this, outcome)
    return true
  }

  #abort(outcome: Outcome, reason: unknown): void {
    if (this.#end(outcome)) this.#controller?.abort(reason)
  }
}
