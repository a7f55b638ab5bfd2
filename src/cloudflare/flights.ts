import { DurableObject } from 'cloudflare:workers'

type Waiter = (result: Uint8Array | undefined) => void

/**
 * A Durable Object that owns the flight of one key (`durableCoordinator` asks
 * `idFromName(key)` for it): who leads, the result, and who waits. Export it
 * from your Worker and bind it as `FLIGHTS`:
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
 * State lives in memory only: flights last seconds, and an object that is
 * evicted while idle has none to lose (at worst a key runs twice). Its
 * methods are called over RPC by `durableCoordinator`, never by you.
 *
 * @example
 * ```ts
 * export { SharedCallFlights } from 'shared-call/cloudflare'
 * ```
 */
export class SharedCallFlights extends DurableObject {
  /** The token of the lease held now. */
  #lease: string | undefined
  #leaseTimer: ReturnType<typeof setTimeout> | undefined
  #result: Uint8Array | undefined
  #resultTimer: ReturnType<typeof setTimeout> | undefined
  /** Waiting requests, held open until a result is published or the lease ends. */
  #waiters: Waiter[] = []

  /** Takes the lease for `leaseMs` and returns its token, or `undefined` while another holds it. */
  lead(leaseMs: number): string | undefined {
    if (this.#lease) return
    // A new flight: its waiters must get its result, not the last one's.
    clearTimeout(this.#resultTimer)
    this.#result = undefined
    this.#lease = crypto.randomUUID()
    this.#hold(leaseMs)
    return this.#lease
  }

  /** Keeps the lease of `token` for another `leaseMs`; false when it ended meanwhile. */
  renew(token: string, leaseMs: number): boolean {
    if (this.#lease !== token) return false
    this.#hold(leaseMs)
    return true
  }

  /** Ends the lease of `token`, waking the waiters (with the result if there is one). */
  release(token: string): void {
    if (this.#lease === token) this.#end()
  }

  /** Keeps `result` for `ttlMs` and hands it to every waiter. */
  publish(result: Uint8Array, ttlMs: number): void {
    clearTimeout(this.#resultTimer)
    this.#result = result
    this.#resultTimer = setTimeout(() => {
      this.#result = undefined
    }, ttlMs)
    this.#wake(result)
  }

  /**
   * The result at once if it is kept, `undefined` at once if nobody leads,
   * else when the leader publishes (the result) or its lease ends (`undefined`).
   */
  wait(): Uint8Array | undefined | Promise<Uint8Array | undefined> {
    if (this.#result || !this.#lease) return this.#result
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  /** (Re)starts the lease's clock: a leader that stops renewing loses it, and its waiters wake. */
  #hold(ms: number) {
    clearTimeout(this.#leaseTimer)
    this.#leaseTimer = setTimeout(() => this.#end(), ms)
  }

  #end() {
    clearTimeout(this.#leaseTimer)
    this.#lease = undefined
    this.#wake(this.#result)
  }

  #wake(result: Uint8Array | undefined) {
    const waiters = this.#waiters
    this.#waiters = []
    for (const waiter of waiters) waiter(result)
  }
}
