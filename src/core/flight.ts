import { listen, neverAborted, unlisten, type Waiter } from './abort'
import { TimeoutError } from './errors'

/** How a flight ended, as told to its owner. */
export enum Outcome {
  Ok,
  Failed,
  Cancelled,
}

/** Told once when a flight ends, so the owner can free the key and count it. */
export type OnEnd = (flight: Flight, outcome: Outcome) => void

/** A caller that brought a signal: it has its own promise, and may leave early. */
class Caller implements Waiter {
  constructor(
    readonly flight: Flight,
    readonly signal: AbortSignal,
    readonly resolve: (value: unknown) => void,
    readonly reject: (reason: unknown) => void,
  ) {}

  leave(reason: unknown): void {
    this.reject(reason)
    this.flight.left(reason, this)
  }
}

/**
 * One run of the work for one key, and its callers: Go's
 * `singleflight.call`, but every caller can leave on its own. Callers
 * without a signal share one promise, as a hand-written `Map` of promises
 * gives out; each caller with a signal has its own, settled from the list of
 * such callers (no `then` per caller). The work's signal aborts when the
 * last of them has left, unless a caller without a signal joined, or on
 * timeout. A flight nobody can cancel (a first caller without a signal, no
 * timeout) has no controller: its work gets `neverAborted()`.
 */
export class Flight {
  /** Settles with the work's result; callers without a signal get it as it is. */
  readonly promise: Promise<unknown>
  #controller: AbortController | undefined
  /** Callers with a signal still waiting; made when the first one joins. */
  #callers: Set<Caller> | undefined
  /** A caller without a signal joined: leaving callers can no longer abort the work. */
  #pinned: boolean
  #done = false
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    readonly key: string,
    work: (signal: AbortSignal) => unknown,
    /** The first caller's signal. */
    signal: AbortSignal | undefined,
    /** ms; 0 or Infinity for none. */
    timeout: number,
    /** How long a success stays shared once settled. */
    readonly shareFor: number,
    readonly onEnd: OnEnd,
  ) {
    this.#pinned = !signal
    const limited = timeout > 0 && timeout < Infinity
    if (signal || limited) this.#controller = new AbortController()
    let result: unknown
    try {
      result = work(this.#controller?.signal ?? neverAborted())
    } catch (error) {
      // Settles asynchronously too, once the owner holds the flight.
      result = Promise.reject(error)
    }
    // The handlers capture the flight alone: each variable more made every
    // flight measurably dearer (bench/micro.ts, distinct keys). A failure
    // is passed on only to whoever holds the promise (a caller without a
    // signal, or the timeout's race), else it would be an unhandled rejection.
    const promise = Promise.resolve(result).then(
      (value) => {
        this.#end(Outcome.Ok, value)
        return value
      },
      (error) => {
        this.#end(Outcome.Failed, error)
        if (this.#pinned || this.#timer) throw error
      },
    )
    this.promise = limited ? this.#race(promise, timeout, signal) : promise
  }

  /** Rejects with a `TimeoutError` and aborts the work once `timeout` ms have passed. */
  #race(promise: Promise<unknown>, timeout: number, signal?: AbortSignal): Promise<unknown> {
    const expired = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => {
        const error = new TimeoutError(this.key, timeout)
        reject(error)
        this.#abort(Outcome.Failed, error)
      }, timeout)
    })
    const raced = Promise.race([promise, expired])
    // It rejects on timeout even when only callers with a signal wait.
    if (signal) raced.catch(() => {})
    return raced
  }

  /** Adds a caller. Without a signal it gets the shared promise; with one, its own. */
  join(signal?: AbortSignal): Promise<unknown> {
    if (!signal) {
      this.#pinned = true
      return this.promise
    }
    // A result kept by shareFor: already there, nothing to leave.
    if (this.#done) return this.promise
    return new Promise((resolve, reject) => {
      const caller = new Caller(this, signal, resolve, reject)
      listen(signal, caller)
      this.#callers ??= new Set()
      this.#callers.add(caller)
    })
  }

  /**
   * A caller left (its promise is rejected already), or the first caller's
   * signal aborted while the flight started, before it joined: the work is
   * aborted if nobody else waits.
   */
  left(reason: unknown, caller?: Caller): void {
    const callers = this.#callers
    // Not waiting: the flight had settled it already.
    if (caller && !callers?.delete(caller)) return
    if (!callers?.size && !this.#pinned) this.#abort(Outcome.Cancelled, reason)
  }

  /** Ends the flight once and settles its callers with a signal; false if it had ended. */
  #end(outcome: Outcome, value: unknown): boolean {
    if (this.#done) return false
    this.#done = true
    clearTimeout(this.#timer)
    this.onEnd(this, outcome)
    const callers = this.#callers
    this.#callers = undefined
    if (callers)
      for (const caller of callers) {
        unlisten(caller.signal, caller)
        if (outcome === Outcome.Ok) caller.resolve(value)
        else caller.reject(value)
      }
    return true
  }

  #abort(outcome: Outcome, reason: unknown): void {
    if (this.#end(outcome, reason)) this.#controller?.abort(reason)
  }
}
