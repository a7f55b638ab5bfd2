// The real OpenTelemetry SDK, set up for a test: a MeterProvider whose
// reader the test collects when it wants to look, and a tracer provider
// that keeps finished spans in memory.
import { type Attributes, context } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll } from 'vitest'

/**
 * What NodeSDK registers, for this test file: context follows async code, so
 * a span started in a caller is the parent of what its work does after an
 * await.
 */
export const asyncContextPerFile = () => {
  const contextManager = new AsyncLocalStorageContextManager()
  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable())
  })
  afterAll(() => {
    context.disable()
  })
}

/** A reader that exports nothing by itself: the test collects. */
class TestReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

/** One point of a metric, as the SDK collected it. */
export interface Point {
  attributes: Attributes
  /** The count for sums; the histogram for histograms. */
  value: number | Histogram
}

/** A MeterProvider, and `collect()`: every metric by name, as the SDK would export it. */
export const metricsSdk = () => {
  const reader = new TestReader()
  const provider = new MeterProvider({ readers: [reader] })
  const collect = async () => {
    const { resourceMetrics, errors } = await reader.collect()
    if (errors.length) throw errors[0]
    const metrics = new Map<string, Point[]>()
    for (const scope of resourceMetrics.scopeMetrics)
      for (const metric of scope.metrics)
        metrics.set(
          metric.descriptor.name,
          (metric.dataPoints as DataPoint<number | Histogram>[]).map(({ attributes, value }) => ({
            attributes,
            value,
          })),
        )
    return metrics
  }
  return { provider, collect, shutdown: () => provider.shutdown() }
}

/** The sum of the points of `points` whose attributes include `match` (a histogram: its count). */
export const total = (points: Point[] | undefined, match: Attributes = {}) =>
  (points ?? [])
    .filter((p) => Object.entries(match).every(([name, value]) => p.attributes[name] === value))
    .reduce((sum, p) => sum + (typeof p.value === 'number' ? p.value : p.value.count), 0)

/** A tracer provider keeping finished spans in memory. */
export const tracesSdk = () => {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  return {
    provider,
    tracer: provider.getTracer('test'),
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    named: (name: string): ReadableSpan[] =>
      exporter.getFinishedSpans().filter((span) => span.name === name),
    reset: () => exporter.reset(),
    shutdown: () => provider.shutdown(),
  }
}
