import { Axes } from './Axes'
import { frame, plot } from './frame'
import { Legend } from './Legend'
import { linear, niceTicks, type Tone } from './scale'

export interface Run {
  name: string
  tone: Tone
  /** Latencies in milliseconds. */
  values: number[]
}

interface HistogramProps {
  title: string
  runs: Run[]
  testId: string
  /**
   * Bars this many ms wide, centred on its multiples (0, 1×, 2×, …), so
   * latencies that are whole numbers of a delay each get a bar of their own.
   * Without it, ten bars from 0 to a round maximum.
   */
  binMs?: number
  /** The axis reaches at least this far, so it keeps still while values arrive. */
  minMs?: number
}

interface Layout {
  /** Where bin `i` starts; it ends where `i + 1` starts. */
  edges: number[]
  ticks: { value: number; label: string }[]
  binOf: (value: number) => number
}

/** At most this many bars: wider ones beyond it. */
const MAX_BINS = 40

/** Bins centred on multiples of `binMs` (merged when there would be too many). */
const centred = (binMs: number, max: number): Layout => {
  const last = Math.max(1, Math.round(max / binMs))
  const width = binMs * Math.ceil((last + 1) / MAX_BINS)
  const count = Math.round(max / width) + 1
  const edges = Array.from({ length: count + 1 }, (_, k) => (k - 0.5) * width)
  const every = Math.ceil(count / 10)
  const ticks = Array.from({ length: Math.ceil(count / every) }, (_, i) => {
    const value = i * every * width
    return { value, label: `${Math.round(value)}` }
  })
  return { edges, ticks, binOf: (value) => Math.min(count - 1, Math.round(value / width)) }
}

/** Ten bins from 0 to a round number at or above `max`. */
const even = (max: number): Layout => {
  const msTicks = niceTicks(max, 5)
  const top = msTicks.at(-1) ?? 1
  const width = top / 10
  return {
    edges: Array.from({ length: 11 }, (_, k) => k * width),
    ticks: msTicks.map((value) => ({ value, label: `${value}` })),
    binOf: (value) => Math.min(9, Math.floor(value / width)),
  }
}

/**
 * Latency histograms of several runs on one axis, bars side by side in each
 * bin, so the runs compare at a glance.
 */
export function Histogram({ title, runs, testId, binMs, minMs = 0 }: HistogramProps) {
  const max = Math.max(1, minMs, ...runs.flatMap((run) => run.values))
  const { edges, ticks, binOf } = binMs && binMs > 0 ? centred(binMs, max) : even(max)
  const bins = edges.length - 1
  const counts = runs.map((run) => {
    const count = new Array<number>(bins).fill(0)
    for (const value of run.values) count[binOf(value)]! += 1
    return count
  })
  const yTicks = niceTicks(Math.max(1, ...counts.flat()))
  const x = linear([edges[0]!, edges.at(-1)!], [plot.x0, plot.x1])
  const y = linear([0, yTicks.at(-1) ?? 1], [plot.y0, plot.y1])
  const binPx = (plot.x1 - plot.x0) / bins
  const barPx = Math.max(1, (binPx - 2) / Math.max(1, runs.length))

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-label={title}>
        <Axes xTicks={ticks} yTicks={yTicks} x={x} y={y} xLabel="latency (ms)" yLabel="requests" />
        {runs.map((run, r) =>
          counts[r]!.map((count, bin) =>
            count === 0 ? null : (
              <rect
                // biome-ignore lint/suspicious/noArrayIndexKey: bins are positions, they never reorder
                key={`${run.name}-${bin}`}
                className={`bar tone-${run.tone}`}
                data-run={r}
                data-count={count}
                x={x(edges[bin]!) + 1 + r * barPx}
                y={y(count)}
                width={barPx}
                height={plot.y0 - y(count)}
              >
                <title>{`${run.name}: ${count} requests in ${Math.max(0, Math.round(edges[bin]!))}–${Math.round(edges[bin + 1]!)} ms`}</title>
              </rect>
            ),
          ),
        )}
      </svg>
      <Legend items={runs} />
    </figure>
  )
}
