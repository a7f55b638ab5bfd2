import { neverAborted } from './abort'
import { check, checkKey, checkMs, checkObject, checkSignal, fail } from './check'
import { Flight, follow, Outcome, type Running, start } from './flight'
import { type GroupOptions, group, type Method, type MethodDecorator } from './group'

/** Options of a `SharedCall` instance. */
export interface SharedCallOptions {
  /**
   * Milliseconds a flight may run, from 0 to 2147483647 (the longest
   * `setTimeout` holds), or `Infinity`. When it runs out, every caller
   * rejects with a `TimeoutError`, the work's signal aborts, and the key is
   * free again. 0, `Infinity` or absent: no limit.
   */
  timeout?: number
  /**
   * Milliseconds a successful result stays shared after it settled, so
   * callers that arrive just after still get it: from 0 to 2147483647, or
   * `Infinity` (until `forget`). 0 or absent: pure in-flight coalescing.
   */
  shareFor?: number
}

/**
 * What the `coordinator` option takes: made by `defineCoordinator` from
 * `shared-call/coordinator`, or by `redisCoordinator`, `durableCoordinator`
 * and `tabsCoordinator`, which use it.
 */
export interface Coordination {
  /**
   * Wraps the work of a local flight so that one process in the fleet runs it.
   * `onEvent`, which `SharedCall` never passes, is for instrumentation
   * (`instrumentCoordinator` from `shared-call/otel`): told when this process
   * takes over a flight whose leader vanished, or falls back to running the
   * work itself because the coordinator failed.
   */
  coordinate<T>(
    key: string,
    work: Work<T>,
    onRemoteHit: () => void,
    onEvent?: (event: CoordinationEvent) => void,
  ): Work<T>
}

/**
 * What a coordinated flight tells `onEvent`: `takeover` when this process
 * leads after the flight it followed (or led and lost) ended without a
 * result; `fallback` when it runs the work itself because the coordinator
 * failed, answered bytes it could not read, or kept it waiting round after round.
 */
export type CoordinationEvent = 'takeover' | 'fallback'

/** Options of a `SharedCall` instance. */
export interface SharedCallInstanceOptions extends SharedCallOptions {
  /**
   * Makes one flight span processes (`shared-call/redis`), Worker isolates
   * (`shared-call/cloudflare`) or browser tabs (`shared-call/tabs`). Local
   * coalescing still comes first: each process asks once per key.
   */
  coordinator?: Coordination
  /** Prefix of every key the coordinator sees, so two apps never collide. Default `"shared-call"`. */
  namespace?: string
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
 * The work a flight runs. It always gets a signal, however it is written.
 * When the flight's first caller brought a signal, that signal aborts once
 * every caller has left (unless a caller without a signal joined); when the
 * flight has a timeout, it aborts on timeout. A flight nobody can cancel
 * (first caller without a signal, no timeout) gets a signal that never
 * aborts. Work that ignores its signal runs to its end; if every caller
 * left, its result is dropped.
 */
export type Work<T> = (signal: AbortSignal) => T | PromiseLike<T>

/** Counters of one `SharedCall`, as returned by `getStats()`. */
export interface SharedCallStats {
  /** Calls that joined a flight already running (or kept by `shareFor`). */
  readonly hits: number
  /** Calls that started new work. */
  readonly misses: number
  /** Flights that failed: the work threw or rejected, or the flight timed out. */
  readonly errors: number
  /** Flights running now. */
  readonly active: number
  /** Flights answered by another process's leader, through the coordinator. */
  readonly remoteHits: number
  /** `hits / (hits + misses)`, or 0 before the first call. */
  readonly hitRate: number
}

/** What `join` returns: the caller's promise, and whether this call started the flight. */
export interface Joined<T> {
  /** Settles like the promise `run` returns. */
  readonly result: Promise<T>
  /** True when this call started the flight; false when it joined one (or a `shareFor` result). */
  readonly leader: boolean
}

/** Called after each change of the stats. */
export type StatsListener = (stats: SharedCallStats) => void

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
  #flights = new Map<string, Running>()
  /** Whether forget or forgetAll ever ran: only then can a key hold a newer flight. */
  #forgotten = false
  #timeout: number | undefined
  #shareFor: number | undefined
  #hits = 0
  #misses = 0
  #errors = 0
  #active = 0
  #remoteHits = 0
  #coordinator: Coordination | undefined
  #namespace: string
  /** Rebuilt only when read after a change, so the hot path costs an increment. */
  #stats: SharedCallStats | undefined
  #listeners = new Set<StatsListener>()

  constructor(options: SharedCallInstanceOptions = {}) {
    checkObject(options, 'SharedCall options')
    this.#timeout = checkMs(options.timeout, 'timeout')
    this.#shareFor = checkMs(options.shareFor, 'shareFor')
    const { coordinator, namespace = 'shared-call' } = options
    this.#namespace = checkKey(namespace, 'namespace')
    this.#coordinator = check(
      coordinator === undefined || typeof coordinator?.coordinate === 'function',
      'coordinator',
      "made by defineCoordinator from 'shared-call/coordinator'",
      coordinator,
    )
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
    return this.#enter(key, work, options)
  }

  /**
   * `run`, telling whether this call started the flight (`leader: true`) or
   * joined one already running or kept by `shareFor` (`leader: false`), as
   * Go's `Do` returns `shared`. Under a coordinator the leader is the call
   * that started the local flight, which then leads or follows the fleet.
   * Adapters use it to know their role; never infer it from `size`.
   *
   * @example
   * ```ts
   * const { result, leader } = shared.join('report', (signal) => build(signal))
   * console.log(leader ? 'built it' : 'shared another caller\'s build', await result)
   * ```
   */
  join<T>(key: string, work: Work<T>, options?: RunOptions): Joined<T> {
    const result = this.#enter(key, work, options)
    return { result, leader: this.#led }
  }

  /** Set by every `#enter`: whether that call started its flight. */
  #led = false

  #enter<T>(key: string, work: Work<T>, options?: RunOptions): Promise<T> {
    if (typeof work !== 'function') fail('work', 'a function (signal) => result', work)
    let signal: AbortSignal | undefined
    if (options !== undefined) {
      signal = checkRunOptions(options)
      if (signal?.aborted) {
        checkKey(key, 'key', KEY_HINT)
        this.#led = false
        return Promise.reject(signal.reason)
      }
    }
    // Only checked keys enter the map, so a key found there needs no check.
    let flight = this.#flights.get(key)
    const led = flight === undefined
    this.#led = led
    if (led) {
      flight = this.#start(checkKey(key, 'key', KEY_HINT), work, signal, options)
      // Starting ran the work and the stats listeners: either may have
      // aborted this caller's signal, and no listener would tell us now.
      if (signal?.aborted) {
        ;(flight as Flight).left(undefined, signal.reason)
        return Promise.reject(signal.reason)
      }
    } else this.#hits++
    const result =
      flight instanceof Flight
        ? flight.join(signal)
        : signal
          ? follow(flight as Promise<unknown>, signal)
          : flight
    // A joiner's listeners run once it is in: one that aborts it is heard.
    if (!led) this.#changed()
    return result as Promise<T>
  }

  #start(key: string, work: Work<unknown>, signal?: AbortSignal, options?: RunOptions): Running {
    this.#misses++
    this.#active++
    const timeout = options?.timeout ?? this.#timeout ?? 0
    const shareFor = options?.shareFor ?? this.#shareFor ?? 0
    const run = this.#coordinator
      ? this.#coordinator.coordinate(
          `${this.#namespace.length}:${this.#namespace}:${key}`,
          work,
          this.#remoteHit,
        )
      : work
    // Only a flight that can be cancelled, or keeps its result, needs more
    // than its promise; and after a forget, every flight (see #startPinned).
    const flight =
      signal || (timeout && timeout !== Infinity) || shareFor || this.#forgotten
        ? new Flight(key, run, signal, timeout, shareFor, this.#ended)
        : this.#startPinned(key, run)
    this.#flights.set(key, flight)
    this.#changed()
    return flight
  }

  /**
   * A flight nobody can cancel: its first caller brought no signal, and it
   * has no timeout and no shareFor. It is just its promise, as in a
   * hand-written Map of promises, and its work gets `neverAborted()`.
   *
   * Its handlers hold the instance and the key, nothing more: each variable
   * more made a flight measurably dearer (bench/micro.ts, distinct keys). So
   * its end knows its flight without holding it: bare promises start only
   * until the first forget, after which every flight is a Flight, so a key
   * that holds no Flight holds this promise or nothing.
   */
  #startPinned(key: string, work: Work<unknown>): Promise<unknown> {
    return Promise.resolve(start(work, neverAborted())).then(
      (value) => {
        this.#endPinned(key, Outcome.Ok)
        return value
      },
      (error) => {
        this.#endPinned(key, Outcome.Failed)
        throw error
      },
    )
  }

  #endPinned(key: string, outcome: Outcome): void {
    this.#active--
    if (outcome === Outcome.Failed) this.#errors++
    if (!this.#forgotten || !(this.#flights.get(key) instanceof Flight)) this.#flights.delete(key)
    this.#changed()
  }

  /**
   * Wraps `fn` so that concurrent calls with equal arguments run it once. The
   * key is the function's own id plus the encoded arguments (or `options.key`).
   *
   * Also a method decorator, where the instance is part of the key:
   * `@shared.group` or `@shared.group({ key })`, with standard (TC39)
   * decorators and with TypeScript's `experimentalDecorators` alike.
   *
   * @throws TypeError for a first argument that is neither a function nor
   *   options, and, per call, when arguments cannot be encoded and no `key` is given.
   */
  group<A extends unknown[], R>(
    fn: (...args: A) => R,
    options?: GroupOptions<A>,
  ): (...args: A) => Promise<Awaited<R>>
  group<This, A extends unknown[], R>(
    method: Method<This, A, R>,
    context: ClassMethodDecoratorContext<This, Method<This, A, R>>,
  ): Method<This, A, Promise<Awaited<R>>>
  group<T>(target: object, name: string | symbol, descriptor: TypedPropertyDescriptor<T>): void
  group<A extends unknown[] = unknown[]>(options?: GroupOptions<A>): MethodDecorator
  group(...args: unknown[]): unknown {
    return group(this, args)
  }

  /** Keys held now: running flights plus results kept by `shareFor`. */
  get size(): number {
    return this.#flights.size
  }

  /** Current counters: the same object until something changes. */
  getStats(): SharedCallStats {
    const calls = this.#hits + this.#misses
    this.#stats ??= {
      hits: this.#hits,
      misses: this.#misses,
      errors: this.#errors,
      active: this.#active,
      remoteHits: this.#remoteHits,
      hitRate: calls && this.#hits / calls,
    }
    return this.#stats
  }

  /** Calls `listener` after each change of the stats. Returns the unsubscribe function. */
  subscribe(listener: StatsListener): () => void {
    check(typeof listener === 'function', 'listener', 'a function (stats) => void', listener)
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /**
   * Detaches the flight of `key`: its callers still get its result, the next
   * call starts new work. Also drops a result kept by `shareFor`.
   */
  forget(key: string): void {
    this.#forgotten = true
    this.#flights.delete(checkKey(key, 'key'))
  }

  /** `forget` for every key. */
  forgetAll(): void {
    this.#forgotten = true
    this.#flights.clear()
  }

  /** Sets hits, misses, errors and remoteHits to 0; `active` still counts running flights. */
  resetStats(): void {
    this.#hits = this.#misses = this.#errors = this.#remoteHits = 0
    this.#changed()
  }

  #changed(): void {
    this.#stats = undefined
    if (this.#listeners.size === 0) return
    for (const listener of this.#listeners) {
      try {
        listener(this.getStats())
      } catch (error) {
        // A broken listener must neither break the call nor be silenced.
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }

  #remoteHit = (): void => {
    this.#remoteHits++
    this.#changed()
  }

  /** Frees the key when a Flight ends, or keeps a success for `shareFor`. */
  #ended = (key: string, flight: Flight, shareFor: number, outcome: Outcome): void => {
    this.#active--
    if (outcome === Outcome.Failed) this.#errors++
    // Identity check, as Go's `if g.m[key] == c`: after forget(), a newer
    // flight may own the key, and a late settle must not evict it. Until a
    // forget, the key can only hold this flight: a new one starts only where
    // the key is free, and only this flight's end frees it.
    if (!this.#forgotten || this.#flights.get(key) === flight) {
      if (outcome !== Outcome.Ok || !shareFor) this.#flights.delete(key)
      else if (shareFor !== Infinity) {
        const expire = setTimeout(() => {
          if (this.#flights.get(key) === flight) this.#flights.delete(key)
        }, shareFor)
        ;(expire as { unref?: () => void }).unref?.()
      }
    }
    this.#changed()
  }
}

const KEY_HINT = ' (build one with encodeKey)'

const checkRunOptions = (options: RunOptions): AbortSignal | undefined => {
  checkObject(options, 'run options')
  checkMs(options.timeout, 'timeout')
  checkMs(options.shareFor, 'shareFor')
  return checkSignal(options.signal, 'signal')
}
