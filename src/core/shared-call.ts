import { checkFunction, checkMs, checkOptions, describe, fail } from './errors'
import { fetchThrough, type SharedFetchInit } from './fetch'
import { Flight, type Outcome } from './flight'
import { type GroupOptions, groupKey, type Method, type MethodDecorator } from './group'
import { type SharedCallStats, Stats, type StatsListener } from './stats'

/** Options of a `SharedCall` instance. */
export interface SharedCallOptions {
  /**
   * Milliseconds a flight may run. When it runs out, every caller rejects with
   * a `TimeoutError`, the work's signal aborts, and the key is free again.
   * 0 or absent: no limit.
   */
  timeout?: number
  /**
   * Milliseconds a successful result stays shared after it settled, so callers
   * that arrive just after still get it. 0 or absent: pure in-flight coalescing.
   */
  shareFor?: number
}

/** Options of one call to `run`. */
export interface RunOptions extends SharedCallOptions {
  /**
   * Cancels this caller only: its promise rejects with the signal's reason.
   * The flight goes on for the others and is aborted only when all have left.
   * `timeout` and `shareFor` here override the instance's when this call starts a flight.
   */
  signal?: AbortSignal
}

/**
 * The work a flight runs. Its signal aborts when every caller of the flight
 * has left or the flight timed out.
 */
export type Work<T> = (signal: AbortSignal) => T | PromiseLike<T>

/**
 * Coalesces concurrent identical work: while a call for a key is in flight,
 * every other caller of that key joins it instead of starting its own.
 *
 * @example
 * ```ts
 * const shared = new SharedCall()
 * const user = await shared.run('user:42', (signal) => fetch('/users/42', { signal }).then((r) => r.json()))
 * ```
 */
export class SharedCall {
  #flights = new Map<string, Flight>()
  #stats = new Stats()
  #timeout: number | undefined
  #shareFor: number | undefined

  constructor(options: SharedCallOptions = {}) {
    checkOptions(options ?? 0, 'new SharedCall(options)')
    this.#timeout = checkMs(options.timeout, 'timeout')
    this.#shareFor = checkMs(options.shareFor, 'shareFor')
    // `@shared.group` may call group without its receiver.
    this.group = this.group.bind(this) as this['group']
  }

  /**
   * Runs `work` for `key`, or joins the flight already running for it.
   * Every caller gets the same result or the same error.
   *
   * @param key - a non-empty string; build one from values with `encodeKey`.
   * @param work - receives a signal that aborts only when every caller has left.
   * @throws TypeError, synchronously, for a bad key, work or options.
   */
  run<T>(key: string, work: Work<T>, options?: RunOptions): Promise<T> {
    if (typeof key !== 'string' || !key) {
      fail(`key must be a non-empty string, got ${describe(key)}; build one with encodeKey(value)`)
    }
    checkFunction(work, 'work')
    let signal: AbortSignal | undefined
    if (options !== undefined) {
      checkOptions(options ?? 0, 'run options')
      signal = options.signal
      if (signal !== undefined && typeof signal?.addEventListener !== 'function') {
        fail('signal must be an AbortSignal, e.g. AbortSignal.timeout(500)')
      }
      checkMs(options.timeout, 'timeout')
      checkMs(options.shareFor, 'shareFor')
      if (signal?.aborted) return Promise.reject(signal.reason)
    }
    let flight = this.#flights.get(key)
    if (flight) this.#stats.hits++
    else {
      this.#stats.misses++
      this.#stats.active++
      flight = new Flight(
        key,
        work,
        options?.timeout ?? this.#timeout,
        options?.shareFor ?? this.#shareFor,
        this.#ended,
      )
      this.#flights.set(key, flight)
    }
    this.#stats.changed()
    return flight.join(signal) as Promise<T>
  }

  /**
   * Wraps `fn` so that concurrent calls with equal arguments run it once. The
   * key is the function's own id plus the encoded arguments (or `options.key`).
   *
   * Also a TC39 method decorator, where the instance is part of the key:
   * `@shared.group` or `@shared.group({ key })`.
   *
   * @throws TypeError when arguments cannot be encoded and no `key` is given.
   */
  group<A extends unknown[], R>(
    fn: (...args: A) => R,
    options?: GroupOptions<A>,
  ): (...args: A) => Promise<Awaited<R>>
  group<This, A extends unknown[], R>(
    method: Method<This, A, R>,
    context: ClassMethodDecoratorContext<This, Method<This, A, R>>,
  ): Method<This, A, Promise<Awaited<R>>>
  group(options?: GroupOptions): MethodDecorator
  group(fn?: unknown, options?: unknown): unknown {
    if (typeof fn !== 'function') {
      return (method: Method<unknown, unknown[], unknown>, context: unknown) =>
        this.#wrap(method, groupKey(context, fn))
    }
    return this.#wrap(fn as Method<unknown, unknown[], unknown>, groupKey(options))
  }

  /**
   * `fetch` that coalesces identical GET and HEAD requests (same URL, same
   * `Authorization`, `Cookie` and `vary` headers). Each caller gets its own
   * `Response`. Other methods, and `cache: 'no-store'`, go straight to `fetch`.
   */
  fetch(input: RequestInfo | URL, init?: SharedFetchInit): Promise<Response> {
    return fetchThrough(this, input, init)
  }

  /** Keys held now: running flights plus results kept by `shareFor`. */
  get size(): number {
    return this.#flights.size
  }

  /** Current counters: the same object until something changes. */
  getStats(): SharedCallStats {
    return this.#stats.read()
  }

  /** Calls `listener` after each change of the stats. Returns the unsubscribe function. */
  subscribe(listener: StatsListener): () => void {
    checkFunction(listener, 'listener')
    return this.#stats.subscribe(listener)
  }

  /**
   * Detaches the flight of `key`: its callers still get its result, the next
   * call starts new work. Also drops a result kept by `shareFor`.
   */
  forget(key: string): void {
    this.#flights.delete(key)
  }

  /** `forget` for every key. */
  forgetAll(): void {
    this.#flights.clear()
  }

  /** Sets hits, misses and errors to 0; `active` still counts running flights. */
  resetStats(): void {
    this.#stats.reset()
  }

  #wrap(
    fn: Method<unknown, unknown[], unknown>,
    keyOf: (self: unknown, args: unknown[]) => string,
  ) {
    const shared = this
    return function grouped(this: unknown, ...args: unknown[]) {
      return shared.run(keyOf(this, args), () => fn.apply(this, args))
    }
  }

  /** Frees the key when its flight ends, or keeps a success for `shareFor`. */
  #ended = (key: string, flight: Flight, outcome: Outcome): void => {
    this.#stats.active--
    if (outcome === 'failed') this.#stats.errors++
    // Identity check, as Go's `if g.m[key] == c`: after forget(), a newer
    // flight may own the key, and a late settle must not evict it.
    if (this.#flights.get(key) === flight) {
      if (outcome === 'ok' && flight.shareFor) {
        const expire = setTimeout(() => {
          if (this.#flights.get(key) === flight) this.#flights.delete(key)
        }, flight.shareFor)
        ;(expire as { unref?: () => void }).unref?.()
      } else this.#flights.delete(key)
    }
    this.#stats.changed()
  }
}
