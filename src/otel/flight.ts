import {
  type Context,
  context,
  type Exception,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api'
import { type CoordinationEvent, TimeoutError, type Work } from 'shared-call'
import type { Call } from './call'
import { ATTR_OUTCOME, ATTR_ROLE, type FlightOutcome, SPAN_RUN } from './names'
import type { Telemetry } from './telemetry'

/**
 * How a flight ended, from what its work's signal says first: aborted by a
 * timeout, or because every caller left, whatever the work did after.
 */
const outcomeOf = (failed: boolean, error: unknown, signal?: AbortSignal): FlightOutcome => {
  if (signal?.aborted) return signal.reason instanceof TimeoutError ? 'timeout' : 'cancelled'
  if (!failed) return 'ok'
  return error instanceof TimeoutError ? 'timeout' : 'error'
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function'

/**
 * One flight this process started, from its leading call to its end: its
 * span (the work runs inside it, so what the work does is its children),
 * its start time, and whether another process answered it (`remote`).
 * Ends once, on the first settle it watches.
 */
export class Flight {
  /** Undefined without a tracer; recording or not, as the sampler decided. */
  readonly span: Span | undefined
  /** When it started (ms), if anything reads the histogram: a clock read costs as much as a call. */
  readonly #started: number
  /** Another process's leader answered it (told by `instrumentCoordinator`). */
  remote = false
  #ended = false

  constructor(
    readonly telemetry: Telemetry,
    readonly key: string,
    /** The call that started it: counted as it ends, as `leader` or `remote`. */
    readonly call: Call,
    /** The leading caller's context: the span's parent, and what the work runs in. */
    readonly parent: Context,
    tracer: Tracer | undefined,
  ) {
    this.#started = telemetry.timed ? performance.now() : 0
    this.span = tracer?.startSpan(
      SPAN_RUN,
      { kind: SpanKind.INTERNAL, attributes: telemetry.attributesOf(key) },
      parent,
    )
    if (this.span?.isRecording()) telemetry.leading.set(key, this)
  }

  /** Runs `work` here, inside the flight's span, and ends the flight when it settles. */
  run<T>(work: Work<T>, signal: AbortSignal): T | PromiseLike<T> {
    let result: T | PromiseLike<T>
    try {
      // A span that does not record (no SDK, or not sampled) adds nothing to
      // the context: the work runs in its caller's, as without instrumentation.
      const { span } = this
      result = span?.isRecording()
        ? context.with(trace.setSpan(this.parent, span), work, undefined, signal)
        : work(signal)
    } catch (error) {
      this.end(true, error, signal)
      throw error
    }
    this.watch(result, signal)
    return result
  }

  /** Ends the flight when `result` settles; `signal` is the one its work got. */
  watch(result: unknown, signal?: AbortSignal): void {
    if (!isThenable(result)) {
      this.end(false, undefined, signal)
      return
    }
    result.then(
      () => this.end(false, undefined, signal),
      (error) => this.end(true, error, signal),
    )
  }

  /** A coordinator event of this flight: counted, and marked on its span. */
  event(event: CoordinationEvent): void {
    const counts = this.telemetry.countsOf(this.key)
    if (event === 'takeover') counts.takeovers++
    else counts.fallbacks++
    this.span?.addEvent(`shared_call.coordinator.${event}`)
  }

  end(failed: boolean, error: unknown, signal?: AbortSignal): void {
    if (this.#ended) return
    this.#ended = true
    const { telemetry, span, key } = this
    const outcome = outcomeOf(failed, error, signal)
    // Timed out or left: the signal's reason says why, whatever the work did after.
    const cause = signal?.aborted ? signal.reason : error
    const role = this.remote ? 'remote' : 'leader'
    telemetry.ended(this, role, outcome, cause)
    if (telemetry.timed)
      telemetry.instruments.duration.record(
        (performance.now() - this.#started) / 1000,
        telemetry.durationAttributes(key, role, outcome),
      )
    if (!span?.isRecording()) return
    span.setAttribute(ATTR_ROLE, role)
    span.setAttribute(ATTR_OUTCOME, outcome)
    if (outcome === 'error' || outcome === 'timeout') {
      span.recordException(cause as Exception)
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: String((cause as Error | undefined)?.message ?? cause),
      })
    }
    span.end()
  }
}
