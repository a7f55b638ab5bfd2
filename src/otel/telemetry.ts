import {
  type Attributes,
  context,
  createNoopMeter,
  type Exception,
  metrics,
  ProxyTracerProvider,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api'
import type { SharedCall } from 'shared-call'
import type { Call } from './call'
import { Flight } from './flight'
import { type Instruments, instrumentsOf, type Observations, type Source } from './meter'
import {
  ATTR_ERROR_TYPE,
  ATTR_KEY,
  ATTR_NAMESPACE,
  ATTR_OUTCOME,
  ATTR_ROLE,
  type FlightOutcome,
  type Role,
  SCOPE,
  SPAN_WAIT,
} from './names'
import type { resolveOptions } from './options'

/** The API's meter before an SDK is registered: its instruments record nothing. */
const NoopMeter = createNoopMeter().constructor

/** What the API's global tracer provider delegates to while no SDK is registered. */
const NOOP_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate()

/** Series of one key: keys past this many are counted together (the SDK's own default limit). */
const MAX_KEYS = 2000

/** The counters of one series: the instance's, or one key's with `recordKey`. */
export class Counts {
  leader = 0
  follower = 0
  remote = 0
  /** Calls an adapter let through unshared (`SharedCall#pass`, `Joined.pass`). */
  pass = 0
  takeovers = 0
  fallbacks = 0
  /** Failed flights by error name. */
  errors: Record<string, number> | undefined
}

/** Names an error the way `error.type` wants: its class name, or `_OTHER`. */
const errorType = (error: unknown): string => {
  const name = (error as Error | undefined)?.name
  return typeof name === 'string' && name ? name : '_OTHER'
}

/**
 * What one instrumented `SharedCall` knows: its counters (read by the meter
 * at each collection), its tracer, and the flights it leads now whose spans
 * record, so that a follower's span can link to its leader's.
 */
export class Telemetry implements Source {
  readonly #tracerProvider: TracerProvider
  #tracer: Tracer | undefined
  readonly instruments: Instruments
  readonly namespace: string
  readonly recordKey: boolean
  /** Whether the meter is a real one: without an SDK, flights are not timed. */
  readonly timed: boolean
  /** Flights led now, by key, whose span records: what a follower's span links to. */
  readonly leading = new Map<string, Flight>()
  readonly #counts = new Counts()
  readonly #byKey = new Map<string, Counts>()
  /** Keys past `MAX_KEYS`, with `recordKey`. */
  readonly #overflow = new Counts()
  readonly #base: Attributes
  /** Histogram attributes by role and outcome, built once (for all keys, without `recordKey`). */
  readonly #durationAttributes: Record<Role, Record<FlightOutcome, Attributes>>

  constructor(
    readonly shared: SharedCall,
    options: ReturnType<typeof resolveOptions>,
  ) {
    const {
      meterProvider = metrics.getMeterProvider(),
      tracerProvider = trace.getTracerProvider(),
    } = options
    const meter = meterProvider.getMeter(SCOPE)
    this.instruments = instrumentsOf(meter)
    this.timed = !(meter instanceof NoopMeter)
    this.#tracerProvider = tracerProvider
    this.namespace = options.namespace
    this.recordKey = options.recordKey
    const base = { [ATTR_NAMESPACE]: this.namespace }
    this.#base = base
    const byOutcome = (role: Role) => {
      const of = (outcome: FlightOutcome) => ({
        ...base,
        [ATTR_ROLE]: role,
        [ATTR_OUTCOME]: outcome,
      })
      return {
        ok: of('ok'),
        error: of('error'),
        timeout: of('timeout'),
        cancelled: of('cancelled'),
      }
    }
    this.#durationAttributes = {
      leader: byOutcome('leader'),
      follower: byOutcome('follower'),
      remote: byOutcome('remote'),
    }
  }

  /** The counters `key` counts in. */
  countsOf(key: string): Counts {
    if (!this.recordKey) return this.#counts
    let counts = this.#byKey.get(key)
    if (counts) return counts
    if (this.#byKey.size >= MAX_KEYS) return this.#overflow
    counts = new Counts()
    this.#byKey.set(key, counts)
    return counts
  }

  /** The attributes of `key`'s series: the namespace, and the key with `recordKey`. */
  attributesOf(key: string): Attributes {
    return this.recordKey ? { ...this.#base, [ATTR_KEY]: key } : this.#base
  }

  /**
   * The tracer, or undefined while the global provider has no SDK behind it:
   * a span nothing records would cost every flight as much as the call.
   */
  get tracer(): Tracer | undefined {
    if (this.#tracer) return this.#tracer
    const provider = this.#tracerProvider
    if (provider instanceof ProxyTracerProvider && provider.getDelegate() === NOOP_TRACER_PROVIDER)
      return undefined
    this.#tracer = provider.getTracer(SCOPE)
    return this.#tracer
  }

  /**
   * `call` leads the flight of `key`: its `Flight`, or undefined when
   * nothing would read more than a count (no meter, no tracer), and then it
   * is counted at once.
   */
  lead(key: string, call: Call): Flight | undefined {
    const tracer = this.tracer
    if (tracer || this.timed) return new Flight(this, key, call, context.active(), tracer)
    call.settle('leader')
    return undefined
  }

  /** `call` joined the flight of `key` (or a result kept by `shareFor`). */
  follow(key: string, call: Call, result: Promise<unknown>, signal: AbortSignal | undefined): void {
    call.settle('follower')
    // A follower's wait is a span when its leader's span records and the
    // follower is in a trace: a lone span per caller outside any trace is
    // noise, and with no leader to link to it says little. Checked in that
    // order, so that without tracing a follower costs an increment.
    if (!this.leading.size) return
    const parent = context.active()
    if (!trace.getSpan(parent)?.isRecording()) return
    const tracer = this.tracer
    if (!tracer) return
    const leader = this.leading.get(key)
    const span = tracer.startSpan(
      SPAN_WAIT,
      {
        kind: SpanKind.INTERNAL,
        attributes: { ...this.attributesOf(key), [ATTR_ROLE]: 'follower' },
        links: leader?.span ? [{ context: leader.span.spanContext() }] : undefined,
      },
      parent,
    )
    result.then(
      () => {
        span.setAttribute(ATTR_OUTCOME, 'ok')
        span.end()
      },
      (error) => {
        const left = signal?.aborted && error === signal.reason
        span.setAttribute(ATTR_OUTCOME, left ? 'cancelled' : 'error')
        if (!left) {
          span.recordException(error as Exception)
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error?.message ?? error) })
        }
        span.end()
      },
    )
  }

  /** A call an adapter let through without a flight (`SharedCall#pass`): counted, with no key. */
  passed(): void {
    this.#counts.pass++
  }

  /** A flight ended: counts its leading call, and its error. */
  ended(flight: Flight, role: Role, outcome: FlightOutcome, error: unknown): void {
    const counts = this.countsOf(flight.key)
    flight.call.settle(role)
    if (outcome === 'error' || outcome === 'timeout') {
      const type = errorType(error)
      counts.errors ??= {}
      counts.errors[type] = (counts.errors[type] ?? 0) + 1
    }
    if (this.leading.get(flight.key) === flight) this.leading.delete(flight.key)
  }

  /** The histogram's attributes for a flight of `key` that ended so. */
  durationAttributes(key: string, role: Role, outcome: FlightOutcome): Attributes {
    if (this.recordKey)
      return { ...this.attributesOf(key), [ATTR_ROLE]: role, [ATTR_OUTCOME]: outcome }
    return this.#durationAttributes[role][outcome]
  }

  report(instruments: Instruments, into: Observations): void {
    into.add(instruments.active, this.#base, this.shared.getStats().active)
    if (!this.recordKey) this.#reportCounts(instruments, into, this.#base, this.#counts)
    else {
      for (const [key, counts] of this.#byKey)
        this.#reportCounts(instruments, into, { ...this.#base, [ATTR_KEY]: key }, counts)
      // Passes without a flight have no key: a series of their own.
      if (this.#counts.pass)
        into.add(instruments.calls, { ...this.#base, [ATTR_ROLE]: 'pass' }, this.#counts.pass)
      if (this.#byKey.size >= MAX_KEYS) {
        const attributes = { ...this.#base, 'otel.metric.overflow': true }
        this.#reportCounts(instruments, into, attributes, this.#overflow)
      }
    }
  }

  #reportCounts(
    instruments: Instruments,
    into: Observations,
    attributes: Attributes,
    counts: Counts,
  ) {
    for (const role of ['leader', 'follower', 'remote', 'pass'] as const)
      into.add(instruments.calls, { ...attributes, [ATTR_ROLE]: role }, counts[role])
    into.add(instruments.takeovers, attributes, counts.takeovers)
    into.add(instruments.fallbacks, attributes, counts.fallbacks)
    for (const [type, count] of Object.entries(counts.errors ?? {}))
      into.add(instruments.errors, { ...attributes, [ATTR_ERROR_TYPE]: type }, count)
  }
}
