import { neverAborted } from './abort'
import { check, checkKey, checkKnown, checkMs, checkObject, checkSignal, fail } from './check'
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

/**
 * Options of one call to `run`. A name that is not one of these is a
 * `TypeError` from the call that starts the flight of its key (the first,
 * always): the calls that join read only their `signal`.
 */
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

/**
 * Counters of one `SharedCall`, as returned by `getStats()`. Each call counts
 * once, as a hit, a miss or a pass: `hits + misses + passes` is the number of
 * calls made (a call whose signal had already aborted starts nothing and is
 * not counted).
 */
export interface SharedCallStats {
  /** Calls answered by another caller's work: they joined a flight (or a `shareFor` result), or started one that another process answered. */
  readonly hits: number
  /** Calls whose own work ran: they started a flight and no other process answered it. */
  readonly misses: number
  /** Calls an adapter let through unshared (`shared.pass()`, `Joined.pass()`): they ran their own work outside any flight, or the flight's answer was not for them. */
  readonly passes: number
  /** Flights that failed: the work threw or rejected, or the flight timed out. */
  readonly errors: number
  /** Flights running now. */
  readonly active: number
  /** The hits that another process's leader answered, through the coordinator (each also counts in `hits`). */
  readonly remoteHits: number
  /** `hits / (hits + misses + passes)`: the share of calls that did not do the work; 0 before the first call. */
  readonly hitRate: number
}

/** What `join` returns: the caller's promise, whether this call started the flight, and how an adapter recounts it. */
export interface Joined<T> {
  /** Settles like the promise `run` returns. */
  readonly result: Promise<T>
  /** True when this call started the flight; false when it joined one (or a `shareFor` result). */
  readonly leader: boolean
  /**
   * Counts this call as a pass instead of a hit or a miss: the adapter let
   * it through unshared (it runs its own work outside the flight, or the
   * flight's answer was not for it). Calling it again does nothing.
   */
  pass(): void
  /**
   * Takes this call out of the stats: its caller goes on to another flight,
   * which counts it (the Hono middleware, when the response varies on a
   * header this request sends otherwise).
   */
  uncount(): void
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
  /**
   * Calls counted since the last reset, by what they count as (`Count`):
   * [not counted, misses, local hits, remote hits, passes]. A new array at
   * each reset, so a call counted before one is not moved after it.
   */
  #counts: Counts = [0, 0, 0, 0, 0]
  #errors = 0
  #active = 0
  #coordinator: Coordination | undefined
  #namespace: string
  /** Rebuilt only when read after a change, so the hot path costs an increment. */
  #stats: SharedCallStats | undefined
  #listeners = new Set<StatsListener>()

  constructor(options: SharedCallInstanceOptions = {}) {
    checkKnown(checkObject(options, 'SharedCall options'), 'SharedCall options', OPTIONS)
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
    const led = this.#led
    // A flight a coordinator may answer elsewhere shares its starter's tally:
    // a remote answer moves that call from misses to hits.
    const tally: Tally =
      led && this.#coordinator
        ? this.#tally!
        : { as: led === undefined ? NONE : led ? MISS : HIT, in: this.#counts }
    return {
      result,
      leader: !!led,
      pass: () => this.#move(tally, PASS),
      uncount: () => this.#move(tally, NONE),
    }
  }

  /**
   * Set by every `#enter` once it has counted its call: whether that call
   * started its flight (a miss), joined one (a hit), or neither (its signal
   * had aborted: not counted). Set after the flight started, whose work may
   * itself call `join`.
   */
  #led: boolean | undefined = false
  /** How the starter of the flight `#start` made last is counted, when a coordinator may answer it. */
  #tally: Tally | undefined

  #enter<T>(key: string, work: Work<T>, options?: RunOptions): Promise<T> {
    if (typeof work !== 'function') fail('work', 'a function (signal) => result', work)
    let signal: AbortSignal | undefined
    if (options !== undefined) {
      signal = checkRunOptions(options)
      if (signal?.aborted) {
        checkKey(key, 'key', KEY_HINT)
        checkKnown(options, 'run options', RUN_OPTIONS)
        this.#led = undefined
        return Promise.reject(signal.reason)
      }
    }
    // Only checked keys enter the map, so a key found there needs no check.
    let flight = this.#flights.get(key)
    const led = flight === undefined
    if (led) {
      // Option names are checked by the calls that start work, the only ones
      // that read more than `signal`: the many that join pay nothing for it.
      // A misspelt name still fails at once, at the first call of its key.
      checkKnown(options, 'run options', RUN_OPTIONS)
      flight = this.#start(checkKey(key, 'key', KEY_HINT), work, signal, options)
      // Starting ran the work and the stats listeners: either may have
      // aborted this caller's signal, and no listener would tell us now.
      if (signal?.aborted) {
        ;(flight as Flight).left(undefined, signal.reason)
        this.#led = led
        return Promise.reject(signal.reason)
      }
    } else this.#counts[HIT]++
    const result =
      flight instanceof Flight
        ? flight.join(signal)
        : signal
          ? follow(flight as Promise<unknown>, signal)
          : flight
    // A joiner's listeners run once it is in: one that aborts it is heard.
    if (!led) this.#changed()
    // Last: the work and the listeners may have called join themselves.
    this.#led = led
    return result as Promise<T>
  }

  #start(key: string, work: Work<unknown>, signal?: AbortSignal, options?: RunOptions): Running {
    this.#counts[MISS]++
    this.#active++
    const timeout = options?.timeout ?? this.#timeout ?? 0
    const shareFor = options?.shareFor ?? this.#shareFor ?? 0
    let run = work
    let tally: Tally | undefined
    if (this.#coordinator) {
      const starter: Tally = { as: MISS, in: this.#counts }
      tally = starter
      run = this.#coordinator.coordinate(
        `${this.#namespace.length}:${this.#namespace}:${key}`,
        work,
        // Another process's leader answered: the call that started this flight is a hit.
        () => {
          if (starter.as === MISS) this.#move(starter, REMOTE)
        },
      )
    }
    // Only a flight that can be cancelled, or keeps its result, needs more
    // than its promise; and after a forget, every flight (see #startPinned).
    const flight =
      signal || (timeout && timeout !== Infinity) || shareFor || this.#forgotten
        ? new Flight(key, run, signal, timeout, shareFor, this.#ended)
        : this.#startPinned(key, run)
    this.#flights.set(key, flight)
    this.#changed()
    // Last: the work and the listeners may have started flights of their own.
    if (tally) this.#tally = tally
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
    const [, misses, local, remoteHits, passes] = this.#counts
    const hits = local + remoteHits
    const calls = hits + misses + passes
    this.#stats ??= {
      hits,
      misses,
      passes,
      errors: this.#errors,
      active: this.#active,
      remoteHits,
      hitRate: calls && hits / calls,
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

  /**
   * Counts a call that an adapter let through without joining a flight
   * (the Hono middleware: a request with credentials). See `Joined.pass`
   * for a call that joined one.
   */
  pass(): void {
    this.#counts[PASS]++
    this.#changed()
  }

  /** Sets hits, misses, passes, errors and remoteHits to 0; `active` still counts running flights. */
  resetStats(): void {
    this.#counts = [0, 0, 0, 0, 0]
    this.#errors = 0
    this.#changed()
  }

  /** Counts a call as `to` instead of what it was counted as (unless it was counted before a reset). */
  #move(tally: Tally, to: Count): void {
    const counts = tally.in
    if (tally.as === to) return
    counts[tally.as]--
    counts[to]++
    tally.as = to
    if (counts === this.#counts) this.#changed()
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

/** What a call counts as: nothing, a miss, a hit, a hit answered by another process, a pass. */
type Count = 0 | 1 | 2 | 3 | 4
const NONE = 0
const MISS = 1
const HIT = 2
const REMOTE = 3
const PASS = 4

/** How one call is counted now, and in which counts (those of its period: see resetStats). */
interface Tally {
  as: Count
  in: Counts
}

/** [not counted, misses, local hits, remote hits, passes] */
type Counts = [number, number, number, number, number]

/** Every option of `new SharedCall(options)`: another name is a mistake. */
export const OPTIONS = [
  'timeout',
  'shareFor',
  'coordinator',
  'namespace',
] as const satisfies readonly (keyof SharedCallInstanceOptions)[]

/** Every option of `run` and `join`. */
export const RUN_OPTIONS = [
  'signal',
  'timeout',
  'shareFor',
] as const satisfies readonly (keyof RunOptions)[]

const checkRunOptions = (options: RunOptions): AbortSignal | undefined => {
  checkObject(options, 'run options')
  checkMs(options.timeout, 'timeout')
  checkMs(options.shareFor, 'shareFor')
  return checkSignal(options.signal, 'signal')
}
