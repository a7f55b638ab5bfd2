import {
  type Attributes,
  type BatchObservableResult,
  type Histogram,
  type Meter,
  type Observable,
  ValueType,
} from '@opentelemetry/api'
import {
  METRIC_ACTIVE_FLIGHTS,
  METRIC_CALLS,
  METRIC_ERRORS,
  METRIC_FALLBACKS,
  METRIC_FLIGHT_DURATION,
  METRIC_TAKEOVERS,
} from './names'

/**
 * Sums what the instrumented instances report at one collection: two
 * instances with the same attributes (the same namespace) make one series,
 * since an observable instrument keeps one value per attribute set.
 */
export class Observations {
  readonly #values = new Map<Observable, Map<string, [Attributes, number]>>()

  add(instrument: Observable, attributes: Attributes, value: number): void {
    let series = this.#values.get(instrument)
    if (!series) {
      series = new Map()
      this.#values.set(instrument, series)
    }
    const id = JSON.stringify(attributes)
    const seen = series.get(id)
    if (seen) seen[1] += value
    else series.set(id, [attributes, value])
  }

  observe(result: BatchObservableResult): void {
    for (const [instrument, series] of this.#values)
      for (const [attributes, value] of series.values())
        result.observe(instrument, value, attributes)
  }
}

/** What an instrumented instance reports when the meter collects. */
export interface Source {
  report(instruments: Instruments, into: Observations): void
}

/** The instruments of one meter, shared by every instance instrumented with it. */
export interface Instruments {
  readonly calls: Observable
  readonly errors: Observable
  readonly active: Observable
  readonly takeovers: Observable
  readonly fallbacks: Observable
  /** Recorded as each flight ends: the one instrument written on the call path. */
  readonly duration: Histogram
  /** The instances that report at each collection. */
  readonly sources: Set<Source>
}

// Counts are kept as plain numbers by each instance and read at collection
// (observable instruments): a call costs an increment, never an SDK call.
const registries = new WeakMap<Meter, Instruments>()

/** The instruments of `meter`, created once, with the one callback that reads every instance. */
export const instrumentsOf = (meter: Meter): Instruments => {
  const instruments = registries.get(meter)
  if (instruments) return instruments
  const counter = (name: string, unit: string, description: string) =>
    meter.createObservableCounter(name, { unit, description, valueType: ValueType.INT })
  const sources = new Set<Source>()
  const made: Instruments = {
    calls: counter(
      METRIC_CALLS,
      '{call}',
      'Calls of a SharedCall, each counted once: leader (ran the work), follower (joined a flight), remote (another process ran it), pass (let through unshared).',
    ),
    errors: counter(
      METRIC_ERRORS,
      '{flight}',
      'Flights that failed: the work threw, or timed out.',
    ),
    active: meter.createObservableUpDownCounter(METRIC_ACTIVE_FLIGHTS, {
      unit: '{flight}',
      description: 'Flights running now.',
      valueType: ValueType.INT,
    }),
    takeovers: counter(
      METRIC_TAKEOVERS,
      '{takeover}',
      'Flights this process led after the leader it waited for vanished.',
    ),
    fallbacks: counter(
      METRIC_FALLBACKS,
      '{fallback}',
      'Flights this process ran itself because the coordinator failed.',
    ),
    duration: meter.createHistogram(METRIC_FLIGHT_DURATION, {
      unit: 's',
      description: 'From the start of a flight to its end, whoever ran it.',
      advice: {
        explicitBucketBoundaries: [
          0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
        ],
      },
    }),
    sources,
  }
  meter.addBatchObservableCallback(
    (result) => {
      const into = new Observations()
      for (const source of sources) source.report(made, into)
      into.observe(result)
    },
    [made.calls, made.errors, made.active, made.takeovers, made.fallbacks],
  )
  registries.set(meter, made)
  return made
}
