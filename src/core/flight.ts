import {
  abortFromAnyRequest,
  listen,
  neverAborted,
  signalsBoundToRequests,
  unlisten,
  type Waiter,
} from './abort'
import { TimeoutError } from './errors'

/** How a flight ended, as told to its owner. */
export enum Outcome {
  Ok,
  Failed,
  Cancelled,
}

/**
 * What the flight map holds for a key. A flight nobody can cancel is just the
 * promise of its result, exactly what a hand-written `Map` of promises holds:
 * one more object per flight shows in the cost of every call. A flight that
 * can be cancelled, or keeps its result (shareFor), is a `Flight`.
 */
export type Running = Flight | Promise<unknown>

/** Told once when a flight ends, so the owner can free the key and count it. */
export type OnEnd = (key: string, flight: Flight, shareFor: number, outcome: Outcome) => void

/** Calls `work` as a flight's start: a synchronous throw becomes a rejection. */
export const start = (work: (signal: AbortSignal) => unknown, signal: AbortSignal): unknown => {
  try {
    return work(signal)
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * A caller that brought a signal: it has its own promise and may leave
 * early. On a flight it cannot cancel (a bare promise, see `follow`) it has
 * no `flight` to tell.
 */
class Caller implements Waiter {
  /** The flight's list of callers with a signal. */
  before: Caller | undefined
  after: Caller | undefined
  constructor(
    readonly flight: Flight | undefined,
    readonly signal: AbortSignal,
    readonly resolve: (value: unknown) => void,
    readonly reject: (reason: unknown) => void,
  ) {}

  leave(reason: unknown): void {
    this.reject(reason)
    this.flight?.left(this, reason)
  }
}

/** Joins `promise`, a flight nobody can cancel, as a caller with a signal. */
export const follow = (promise: Promise<unknown>, signal: AbortSignal): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const follower = new Caller(undefined, signal, resolve, reject)
    listen(signal, follower)
    promise.then(
      (value) => {
        unlisten(signal, follower)
        resolve(value)
      },
      (error) => {
        unlisten(signal, follower)
        reject(error)
      },
    )
  })

/**
 * A flight that is more than its promise: it can be cancelled (its first
 * caller brought a signal, or it has a timeout), or it keeps its result
 * (shareFor), or it started after a `forget` (see SharedCall#startPinned). Like Go's `singleflight.call`, but every caller can leave on
 * its own: the work is aborted only when the last caller that could leave
 * has left (never once a caller without a signal joined), or on timeout.
 */
export class Flight {
  /** Settles with the work's result; callers without a signal get it as is. */
  readonly promise: Promise<unknown>
  /** Only for a flight that can be cancelled: see `neverAborted`. */
  #controller: AbortController | undefined
  /** On Workers, how the work is aborted from whichever request its last caller leaves in. */
  #relay: ((reason: unknown) => void) | undefined
  /** Callers with a signal that are still waiting, linked through `before`/`after`. */
  #callers: Caller | undefined
  /** A caller without a signal joined: leaving callers can no longer abort the work. */
  #pinned: boolean
  #done = false
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    readonly key: string,
    work: (signal: AbortSignal) => unknown,
    /** The first caller's signal. */
    signal: AbortSignal | undefined,
    /** ms, or 0 or Infinity for none. */
    timeout: number,
    /** How long a success stays shared after it settled. */
    readonly shareFor: number,
    private readonly onEnd: OnEnd,
  ) {
    this.#pinned = !signal
    const limited = timeout > 0 && timeout !== Infinity
    // One promise for the whole flight; a timeout races it. Callers with a
    // signal are told by #end, not through it: a failure is passed on only
    // to whoever holds it (a caller without a signal, or the race), else it
    // would be an unhandled rejection.
    // Not cancellable (a first caller without a signal, no timeout: here for
    // its shareFor) is the same as a bare-promise flight: the shared signal.
    if (signal || limited) {
      this.#controller = new AbortController()
      if (signalsBoundToRequests()) this.#relay = abortFromAnyRequest(this.#controller)
    }
    let promise = Promise.resolve(start(work, this.#controller?.signal ?? neverAborted())).then(
      (value) => {
        this.#end(Outcome.Ok, value)
        return value
      },
      (error) => {
        this.#end(Outcome.Failed, error)
        if (this.#pinned || limited) throw error
      },
    )
    if (limited) {
      const expired = new Promise<never>((_, reject) => {
        this.#timer = setTimeout(() => {
          const error = new TimeoutError(key, timeout)
          reject(error)
          this.#abort(Outcome.Failed, error)
        }, timeout)
      })
      promise = Promise.race([promise, expired])
      // The race rejects on timeout even when only callers with a signal wait.
      if (signal) promise.catch(ignore)
    }
    this.promise = promise
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
      const first = this.#callers
      caller.after = first
      if (first) first.before = caller
      this.#callers = caller
    })
  }

  /**
   * A caller's signal aborted: it has been rejected; abort the work if it was
   * the last. Without a `caller`: the first caller left before joining (its
   * signal aborted while the flight started).
   */
  left(caller: Caller | undefined, reason: unknown): void {
    if (caller) {
      const { before, after } = caller
      if (before) before.after = after
      else if (this.#callers === caller) this.#callers = after
      else return // settled already
      if (after) after.before = before
      caller.before = caller.after = undefined
    }
    if (!this.#callers && !this.#pinned) this.#abort(Outcome.Cancelled, reason)
  }

  /** Ends the flight once and settles the callers with a signal; false if it had ended. */
  #end(outcome: Outcome, value: unknown): boolean {
    if (this.#done) return false
    this.#done = true
    if (this.#timer) clearTimeout(this.#timer)
    this.onEnd(this.key, this, this.shareFor, outcome)
    let caller = this.#callers
    this.#callers = undefined
    while (caller) {
      const { after } = caller
      caller.before = caller.after = undefined
      unlisten(caller.signal, caller)
      if (outcome === Outcome.Ok) caller.resolve(value)
      else caller.reject(value)
      caller = after
    }
    return true
  }

  #abort(outcome: Outcome, reason: unknown): void {
    if (this.#end(outcome, reason)) {
      if (this.#relay) this.#relay(reason)
      else this.#controller?.abort(reason)
    }
  }
}

const ignore = () => {}
