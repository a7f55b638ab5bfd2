import { type Leaver, listen, neverAborted, unlisten, type Waiters } from './abort'
import { TimeoutError } from './errors'

/** How a flight ended, as told to its owner. */
export enum Outcome {
  Ok,
  Failed,
  Cancelled,
}

/** Told once when a flight ends, so the owner can free the key and count it. */
export type OnEnd = (flight: Flight, outcome: Outcome) => void

/** A caller that brought a signal: it has its own promise and may leave early. */
class Caller implements Leaver {
  waiters!: Waiters
  constructor(
    readonly flight: Flight,
    readonly resolve: (value: unknown) => void,
    readonly reject: (reason: unknown) => void,
  ) {}

  leave(reason: unknown): void {
    this.reject(reason)
    this.flight.left(this, reason)
  }
}

/**
 * One run of the work for one key, and the callers waiting on it. Like Go's
 * `singleflight.call`, but every caller can leave on its own: the work is
 * aborted only when the last caller that could leave has left.
 *
 * Whether the work can be aborted is settled when the flight starts: a first
 * caller without a signal can never leave, so nothing but a timeout can end
 * the flight early. Only then, or when the first caller brought a signal,
 * does the flight need a controller of its own (one costs microseconds, more
 * than the rest of a call); every other flight's work gets `neverAborted()`.
 */
export class Flight {
  /** Settles with the work's result; callers without a signal get it as is. */
  readonly promise: Promise<unknown>
  #controller: AbortController | undefined
  /** Callers with a signal that are still waiting; made for the first of them. */
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
    /** ms, 0 or Infinity for none. */
    timeout: number,
    /** How long a success stays shared after it settled. */
    readonly shareFor: number | undefined,
    private readonly onEnd: OnEnd,
  ) {
    const limited = timeout > 0 && timeout !== Infinity
    this.#pinned = !signal
    let result: unknown
    try {
      if (signal || limited) this.#controller = new AbortController()
      result = work(this.#controller ? this.#controller.signal : neverAborted())
    } catch (error) {
      // A synchronous throw settles asynchronously too, once the owner has the flight.
      result = Promise.reject(error)
    }
    // One promise for the whole flight, as cheap as a hand-written Map of
    // promises; a timeout races it.
    let promise = Promise.resolve(result).then(
      (value) => {
        this.#end(Outcome.Ok, value)
        return value
      },
      (error) => {
        this.#end(Outcome.Failed, error)
        throw error
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
    }
    // Callers with a signal are told by #end, not through this promise, so
    // when all of them bring one nobody else may be there to handle a failure.
    if (signal) promise.catch(ignore)
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
    // Aborted since run() checked it (by the work, or a stats listener): no
    // listener would ever fire, so leave now rather than wait forever.
    if (signal.aborted) {
      if (!this.#callers?.size && !this.#pinned) this.#abort(Outcome.Cancelled, signal.reason)
      return Promise.reject(signal.reason)
    }
    return new Promise((resolve, reject) => {
      const caller = new Caller(this, resolve, reject)
      caller.waiters = listen(signal, caller)
      this.#callers ??= new Set()
      this.#callers.add(caller)
    })
  }

  /** A caller's signal aborted: it has been rejected; abort the work if it was the last. */
  left(caller: Caller, reason: unknown): void {
    const callers = this.#callers as Set<Caller>
    callers.delete(caller)
    if (callers.size === 0 && !this.#pinned) this.#abort(Outcome.Cancelled, reason)
  }

  /** Ends the flight once and settles the callers with a signal; false if it had ended. */
  #end(outcome: Outcome, value: unknown): boolean {
    if (this.#done) return false
    this.#done = true
    if (this.#timer) clearTimeout(this.#timer)
    this.onEnd(this, outcome)
    const callers = this.#callers
    if (callers) {
      this.#callers = undefined
      for (const caller of callers) {
        unlisten(caller.waiters, caller)
        if (outcome === Outcome.Ok) caller.resolve(value)
        else caller.reject(value)
      }
    }
    return true
  }

  #abort(outcome: Outcome, reason: unknown): void {
    if (this.#end(outcome, reason)) this.#controller?.abort(reason)
  }
}

const ignore = () => {}
