import { DurableObject } from 'cloudflare:workers'

/** A result and the generation of the flight that published it. */
export interface FlightResult {
  generation: number
  bytes: Uint8Array
}

/** What `lead` answers: a lease (its token and generation), the flight to follow, or a finished one's result. */
export type FlightLead =
  | { token: string; generation: number }
  | { following: number }
  | { result: FlightResult }

interface Waiter {
  generation: number
  wake(result: FlightResult | undefined): void
}

/**
 * A Durable Object that owns the flights of one name (`durableCoordinator`
 * asks `idFromName(name)` for it): who leads, with which generation, the
 * last result, and who waits. Export it from your Worker and bind it as
 * `FLIGHTS`:
 *
 * ```toml
 * [[durable_objects.bindings]]
 * name = "FLIGHTS"
 * class_name = "SharedCallFlights"
 *
 * [[migrations]]
 * tag = "shared-call-v1"
 * new_classes = ["SharedCallFlights"]
 * ```
 *
 * One object runs one request at a time, so each method is atomic: a lease
 * is matched by its token (a leader that lost it can neither renew nor
 * publish), and a publish stores the result, ends the lease and wakes the
 * waiters in one step. State lives in memory only: flights last seconds, and
 * an object that is evicted has only that to lose (a late waiter then leads,
 * and the key runs once more). Its methods are called over RPC by
 * `durableCoordinator`, never by you.
 *
 * @example
 * ```ts
 * export { SharedCallFlights } from 'shared-call/cloudflare'
 * ```
 */
export class SharedCallFlights extends DurableObject {
  /**
   * The last generation handed out. A new lease takes the next one, or the
   * clock in µs if that is greater: an object created again after an
   * eviction starts above every generation the evicted one handed out (it
   * would have had to hand out more than one per µs).
   */
  #generation = 0
  /** The lease held now. */
  #lease: { token: string; generation: number } | undefined
  #leaseTimer: ReturnType<typeof setTimeout> | undefined
  #result: FlightResult | undefined
  #resultTimer: ReturnType<typeof setTimeout> | undefined
  /** Waiting requests by id, each held open until a result of its generation or newer, its lease's end, or `leave`. */
  #waiters = new Map<string, Waiter>()

  /**
   * A stored result of generation ≥ `waited` (when given), else the lease
   * held now to follow, else a new lease of the next generation for `leaseMs`.
   * A new lease keeps the last result for the slow waiters of its flight.
   */
  lead(leaseMs: number, waited?: number): FlightLead {
    const result = waited === undefined ? undefined : this.#stored(waited)
    if (result) return { result }
    if (this.#lease) return { following: this.#lease.generation }
    this.#generation = Math.max(this.#generation + 1, Date.now() * 1000)
    this.#lease = { token: crypto.randomUUID(), generation: this.#generation }
    this.#hold(leaseMs)
    return { ...this.#lease }
  }

  /** Keeps the lease of `token` for another `leaseMs`; false when it ended meanwhile. */
  renew(token: string, leaseMs: number): boolean {
    if (this.#lease?.token !== token) return false
    this.#hold(leaseMs)
    return true
  }

  /** Ends the lease of `token` without a result, waking its waiters. */
  release(token: string): void {
    if (this.#lease?.token === token) this.#end()
  }

  /**
   * If the lease of `token` still holds: keeps `bytes` as its generation's
   * result for `ttlMs`, ends the lease and hands the result to the waiters.
   * False, and nothing changes, when the lease was lost.
   */
  publish(token: string, bytes: Uint8Array, ttlMs: number): boolean {
    if (this.#lease?.token !== token) return false
    clearTimeout(this.#resultTimer)
    const result = { generation: this.#lease.generation, bytes }
    this.#result = result
    this.#resultTimer = setTimeout(() => {
      if (this.#result === result) this.#result = undefined
    }, ttlMs)
    this.#end()
    return true
  }

  /**
   * A result of `generation` or newer at once if one is kept; `undefined` at
   * once unless the lease of `generation` holds; else when that lease ends
   * (with its result, or without), or when `leave(id)` says the caller left.
   */
  wait(generation: number, id?: string): Promise<FlightResult | undefined> {
    const result = this.#stored(generation)
    if (result || this.#lease?.generation !== generation) return Promise.resolve(result)
    const key = id ?? crypto.randomUUID()
    return new Promise((wake) => {
      // An id met twice is one caller asking again: the older wait ends.
      this.#waiters.get(key)?.wake(undefined)
      this.#waiters.set(key, { generation, wake })
    })
  }

  /**
   * The caller of `wait(…, id)` left (its request was aborted): its wait
   * ends now, not when the lease does. Calls on one stub arrive in order, so
   * this never comes before the wait it ends.
   */
  leave(id: string): void {
    const waiter = this.#waiters.get(id)
    this.#waiters.delete(id)
    waiter?.wake(undefined)
  }

  #stored(generation: number): FlightResult | undefined {
    return this.#result && this.#result.generation >= generation ? this.#result : undefined
  }

  /** (Re)starts the lease's clock: a leader that stops renewing loses it, and its waiters wake. */
  #hold(ms: number) {
    clearTimeout(this.#leaseTimer)
    this.#leaseTimer = setTimeout(() => this.#end(), ms)
  }

  #end() {
    clearTimeout(this.#leaseTimer)
    this.#lease = undefined
    const waiters = [...this.#waiters.values()]
    this.#waiters.clear()
    for (const waiter of waiters) waiter.wake(this.#stored(waiter.generation))
  }
}
