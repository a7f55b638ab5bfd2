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
  bins?: number
  testId: string
}

/**
 * Latency histograms of several runs on one axis, bars side by side in each
 * bin, so the runs compare at a glance.
 */
export function Histogram({ title, runs, bins = 10, testId }: HistogramProps) {
  const all = runs.flatMap((run) => run.values)
  const msTicks = niceTicks(Math.max(1, ...all), 5)
  const top = msTicks.at(-1) ?? 1
  const width = top / bins
  const counts = runs.map((run) => {
    const count = new Array<number>(bins).fill(0)
    for (const value of run.values) count[Math.min(bins - 1, Math.floor(value / width))]! += 1
    return count
  })
  const yTicks = niceTicks(Math.max(1, ...counts.flat()))
  const x = linear([0, top], [plot.x0, plot.x1])
  const y = linear([0, yTicks.at(-1) ?? 1], [plot.y0, plot.y1])
  const binPx = (plot.x1 - plot.x0) / bins
  const barPx = (binPx - 4) / Math.max(1, runs.length)

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-label={title}>
        <Axes
          xTicks={msTicks.map((value) => ({ value, label: `${value}` }))}
          yTicks={yTicks}
          x={x}
          y={y}
          xLabel="latency (ms)"
          yLabel="requests"
        />
        {runs.map((run, r) =>
          counts[r]!.map((count, bin) =>
            count === 0 ? null : (
              <rect
                // biome-ignore lint/suspicious/noArrayIndexKey: bins are positions, they never reorder
                key={`${run.name}-${bin}`}
                className={`bar tone-${run.tone}`}
                x={plot.x0 + bin * binPx + 2 + r * barPx}
                y={y(count)}
                width={barPx}
                height={plot.y0 - y(count)}
              >
                <title>{`${run.name}: ${count} requests in ${Math.round(bin * width)}–${Math.round((bin + 1) * width)} ms`}</title>
              </rect>
            ),
          ),
        )}
      </svg>
      <Legend items={runs} />
    </figure>
  )
}
