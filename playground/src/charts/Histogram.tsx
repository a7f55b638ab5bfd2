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
  /** The axis reaches at least this far, so it keeps still while values arrive. */
  minMs?: number
}

/** About this many bars across the axis: fine enough that a bar sits where its values are. */
const BARS = 40

/** A round bar width (1, 2 or 5 times a power of ten ms) that gives about `BARS` bars up to `max`. */
export const binWidth = (max: number): number => {
  const rough = Math.max(1, max) / BARS
  const power = 10 ** Math.floor(Math.log10(rough))
  return ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power
}

/**
 * Latency histograms of several runs on one axis. Bar `k` counts the values
 * from `k × width` up to `(k + 1) × width`, and is drawn exactly there, for
 * every run: runs overlap (the shorter bar in front) rather than stand side
 * by side, so a bar is always where its values are.
 */
export function Histogram({ title, runs, testId, minMs = 0 }: HistogramProps) {
  const max = Math.max(1, minMs, ...runs.flatMap((run) => run.values))
  const width = binWidth(max)
  const bins = Math.floor(max / width) + 1
  const counts = runs.map((run) => {
    const count = new Array<number>(bins).fill(0)
    for (const value of run.values) count[Math.min(bins - 1, Math.floor(value / width))]! += 1
    return count
  })
  const xTicks = niceTicks(bins * width, 5)
    .filter((value) => value <= bins * width)
    .map((value) => ({ value, label: `${value}` }))
  const yTicks = niceTicks(Math.max(1, ...counts.flat()))
  const x = linear([0, bins * width], [plot.x0, plot.x1])
  const y = linear([0, yTicks.at(-1) ?? 1], [plot.y0, plot.y1])
  // Taller bars first, so a shorter one of another run stays visible in front.
  const bars = runs
    .flatMap((run, r) =>
      counts[r]!.map((count, bin) => ({ run, r, bin, count })).filter((bar) => bar.count > 0),
    )
    .sort((a, b) => b.count - a.count)

  return (
    <figure className="chart" data-testid={testId} data-bin-ms={width}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-label={title}>
        <Axes xTicks={xTicks} yTicks={yTicks} x={x} y={y} xLabel="latency (ms)" yLabel="requests" />
        {bars.map(({ run, r, bin, count }) => (
          <rect
            key={`${run.name}-${bin}`}
            className={`bar tone-${run.tone}`}
            data-run={r}
            data-count={count}
            data-from={bin * width}
            data-to={(bin + 1) * width}
            x={x(bin * width)}
            y={y(count)}
            width={x((bin + 1) * width) - x(bin * width)}
            height={plot.y0 - y(count)}
          >
            <title>{`${run.name}: ${count} requests in ${bin * width}–${(bin + 1) * width} ms`}</title>
          </rect>
        ))}
      </svg>
      <Legend items={runs} />
    </figure>
  )
}
