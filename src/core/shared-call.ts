import { checkMs, fail, TimeoutError } from './errors'
import { fetchThrough, type SharedFetchInit } from './fetch'
import { encodeKey } from './key'
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
   * Cancels this caller only. Its promise rejects with the signal's reason;
   * the flight goes on for the others and is aborted only when all have left.
   * `timeout` and `shareFor` here override the instance's, for a call that starts a flight.
   */
  signal?: AbortSignal
}

/**
 * The work a flight runs. It receives a signal that aborts when every caller
 * of the flight has left or the flight timed out.
 */
export type Work<T> = (signal: AbortSignal) => T | PromiseLike<T>

/** Options of `group`. */
export interface GroupOptions<A extends unknown[] = unknown[]> {
  /**
   * Derives the key from the arguments. A string is used as it is; anything
   * else is encoded with `encodeKey`. Needed when arguments cannot be encoded
   * (functions, class instances, circular objects). The function's own id is
   * always prefixed, so two grouped functions never share a key.
   */
  key?: (...args: A) => unknown
}

type Method<This, A extends unknown[], R> = (this: This, ...args: A) => R
type Grouped<This, A extends unknown[], R> = (this: This, ...args: A) => Promise<Awaited<R>>
type MethodDecorator = <This, A extends unknown[], R>(
  method: Method<This, A, R>,
  context: ClassMethodDecoratorContext<This, Method<This, A, R>>,
) => Grouped<This, A, R>

interface Flight {
  promise: Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  controller: AbortController
  /** Callers with a signal that have not left. */
  waiting: number
  /** A caller without a signal joined: nobody can cancel this flight any more. */
  pinned: boolean
  done: boolean
  timer: ReturnType<typeof setTimeout> | undefined
}

const OK = 0
const FAILED = 1
const CANCELLED = 2

let groupCount = 0
let instanceCount = 0
const instanceIds = new WeakMap<object, number>()

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
  private readonly flights = new Map<string, Flight>()
  private readonly stats = new Stats()
  private readonly timeout: number | undefined
  private readonly shareFor: number | undefined

  constructor(options: SharedCallOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      fail('new SharedCall(options): options must be an object like { timeout, shareFor }')
    }
    this.timeout = checkMs(options.timeout, 'timeout')
    this.shareFor = checkMs(options.shareFor, 'shareFor')
    // `@shared.group` as a decorator may be called without its receiver.
    this.group = this.group.bind(this) as typeof this.group
  }

  /**
   * Runs `work` for `key`, or joins the flight already running for it.
   * Every caller gets the same result or the same error.
   *
   * @param key - non-empty string; build one from values with `encodeKey`.
   * @param work - receives a signal that aborts only when every caller left.
   * @throws TypeError synchronously for a bad key, work or options.
   */
  run<T>(key: string, work: Work<T>, options?: RunOptions): Promise<T> {
    if (typeof key !== 'string' || key === '') {
      fail(
        `run(key, work): key must be a non-empty string, got ${describe(key)}; use encodeKey(value) for other values`,
      )
    }
    if (typeof work !== 'function') {
      fail(`run(key, work): work must be a function (signal) => value, got ${describe(work)}`)
    }
    const signal = options === undefined ? undefined : checkRunOptions(options)
    if (signal?.aborted) return Promise.reject(signal.reason)
    let flight = this.flights.get(key)
    if (flight) this.stats.hits++
    else {
      this.stats.misses++
      flight = this.start(key, work, options)
    }
    this.stats.changed()
    if (!signal) {
      flight.pinned = true
      return flight.promise as Promise<T>
    }
    return this.follow(key, flight, signal) as Promise<T>
  }

  /**
   * Wraps `fn` so that concurrent calls with equal arguments run it once.
   * The key is the function's own id plus the encoded arguments (or
   * `options.key(...args)`).
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
  ): Grouped<This, A, R>
  group(options?: GroupOptions): MethodDecorator
  group(fn?: unknown, second?: unknown): unknown {
    if (typeof fn !== 'function') {
      const options = checkGroupOptions(fn)
      return (method: Method<unknown, unknown[], unknown>, context: unknown) =>
        this.wrap(method, options, checkDecoratorContext(context))
    }
    const decorating = isDecoratorContext(second)
    if (decorating) checkDecoratorContext(second)
    return this.wrap(
      fn as Method<unknown, unknown[], unknown>,
      decorating ? undefined : checkGroupOptions(second),
      decorating,
    )
  }

  /**
   * `fetch` that coalesces identical GET and HEAD requests (same URL, same
   * `Authorization`, `Cookie` and `vary` headers). Each caller gets its own
   * `Response`. Other methods, and `cache: 'no-store'`, go straight to `fetch`.
   */
  fetch(input: RequestInfo | URL, init?: SharedFetchInit): Promise<Response> {
    return fetchThrough(this, input, init)
  }

  /** Current counters; the same object until something changes. */
  getStats(): SharedCallStats {
    return this.stats.read()
  }

  /** Calls `listener` after each change of the stats. Returns the unsubscribe function. */
  subscribe(listener: StatsListener): () => void {
    if (typeof listener !== 'function')
      fail(`subscribe(listener): listener must be a function, got ${describe(listener)}`)
    return this.stats.subscribe(listener)
  }

  /**
   * Detaches the flight of `key`: its callers still get its result, the next
   * call starts new work. Also drops a result kept by `shareFor`.
   */
  forget(key: string): void {
    this.flights.delete(key)
  }

  /** `forget` for every key. */
  forgetAll(): void {
    this.flights.clear()
  }

  /** Sets hits, misses and errors to 0; `active` still counts running flights. */
  resetStats(): void {
    this.stats.reset()
  }

  private start(key: string, work: Work<unknown>, options: RunOptions | undefined): Flight {
    const flight = { waiting: 0, pinned: false, done: false, timer: undefined } as Flight
    flight.promise = new Promise((resolve, reject) => {
      flight.resolve = resolve
      flight.reject = reject
    })
    flight.controller = new AbortController()
    this.flights.set(key, flight)
    this.stats.active++
    const timeout = options?.timeout ?? this.timeout
    if (timeout) {
      flight.timer = setTimeout(() => {
        const error = new TimeoutError(key, timeout)
        this.finish(key, flight, FAILED, error)
        flight.controller.abort(error)
      }, timeout)
    }
    const shareFor = options?.shareFor ?? this.shareFor
    try {
      Promise.resolve(work(flight.controller.signal)).then(
        (value) => this.finish(key, flight, OK, value, shareFor),
        (error) => this.finish(key, flight, FAILED, error),
      )
    } catch (error) {
      this.finish(key, flight, FAILED, error)
    }
    return flight
  }

  private finish(
    key: string,
    flight: Flight,
    outcome: number,
    value: unknown,
    shareFor?: number,
  ): void {
    if (flight.done) return
    flight.done = true
    clearTimeout(flight.timer)
    this.stats.active--
    if (outcome === FAILED) this.stats.errors++
    // Identity check: after forget(), a newer flight may own the key.
    if (this.flights.get(key) === flight) {
      if (outcome === OK && shareFor) {
        const expire = setTimeout(() => {
          if (this.flights.get(key) === flight) this.flights.delete(key)
        }, shareFor)
        ;(expire as { unref?: () => void }).unref?.()
      } else this.flights.delete(key)
    }
    if (outcome === OK) flight.resolve(value)
    else flight.reject(value)
    this.stats.changed()
  }

  private follow(key: string, flight: Flight, signal: AbortSignal): Promise<unknown> {
    flight.waiting++
    return new Promise((resolve, reject) => {
      const leave = () => {
        reject(signal.reason)
        if (--flight.waiting === 0 && !flight.pinned && !flight.done) {
          this.finish(key, flight, CANCELLED, signal.reason)
          flight.controller.abort(signal.reason)
        }
      }
      signal.addEventListener('abort', leave, { once: true })
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave)
          resolve(value)
        },
        (error) => {
          signal.removeEventListener('abort', leave)
          reject(error)
        },
      )
    })
  }

  private wrap(
    fn: Method<unknown, unknown[], unknown>,
    options: GroupOptions | undefined,
    perInstance: boolean,
  ): Method<unknown, unknown[], Promise<unknown>> {
    const prefix = `\0g${++groupCount}:`
    const keyOf = options?.key
    const shared = this
    return function grouped(this: unknown, ...args: unknown[]) {
      const derived = keyOf ? keyOf.apply(this, args) : args
      const key = typeof derived === 'string' ? derived : encodeKey(derived)
      return shared.run(`${prefix}${perInstance ? instanceId(this) : ''}:${key}`, () =>
        fn.apply(this, args),
      )
    }
  }
}

const instanceId = (self: unknown): number => {
  if (typeof self !== 'object' || self === null) return 0
  let id = instanceIds.get(self)
  if (id === undefined) {
    id = ++instanceCount
    instanceIds.set(self, id)
  }
  return id
}

const describe = (value: unknown): string =>
  value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : typeof value

const checkRunOptions = (options: RunOptions): AbortSignal | undefined => {
  if (typeof options !== 'object' || options === null) {
    fail(
      `run(key, work, options): options must be an object like { signal }, got ${describe(options)}`,
    )
  }
  const { signal } = options
  if (signal !== undefined && typeof signal?.addEventListener !== 'function') {
    fail('run(key, work, { signal }): signal must be an AbortSignal, e.g. AbortSignal.timeout(500)')
  }
  checkMs(options.timeout, 'timeout')
  checkMs(options.shareFor, 'shareFor')
  return signal
}

const checkGroupOptions = (options: unknown): GroupOptions | undefined => {
  if (options === undefined) return undefined
  if (typeof options !== 'object' || options === null) {
    fail(
      `group(fn, options): options must be an object like { key }, got ${describe(options)}. As a decorator, group needs TC39 decorators (TypeScript 5+ without experimentalDecorators)`,
    )
  }
  const { key } = options as GroupOptions
  if (key !== undefined && typeof key !== 'function') {
    fail(`group(fn, { key }): key must be a function (...args) => key, got ${describe(key)}`)
  }
  return options as GroupOptions
}

const isDecoratorContext = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'kind' in value && 'name' in value

const checkDecoratorContext = (context: unknown): true => {
  if (!isDecoratorContext(context) || (context as { kind: string }).kind !== 'method') {
    fail('@group decorates class methods only (TC39 decorators)')
  }
  return true
}
