import { Axes } from './Axes'
import { frame, plot } from './frame'
import { Legend } from './Legend'
import { linear, niceTicks, type Tone } from './scale'

export interface Point {
  /** Seconds. */
  t: number
  value: number
}

export interface Series {
  name: string
  tone: Tone
  points: Point[]
}

interface LineChartProps {
  title: string
  series: Series[]
  /** The time window shown, in seconds: the last `window` seconds up to `now`. */
  now: number
  window: number
  yLabel: string
  testId: string
}

/**
 * Counters over time as step lines: a counter holds its value until the next
 * sample, so steps show exactly when it changed.
 */
export function LineChart({ title, series, now, window, yLabel, testId }: LineChartProps) {
  const start = Math.max(0, now - window)
  const end = Math.max(start + window, now)
  const peak = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.value)))
  const max = Math.max(1, peak)
  const yTicks = niceTicks(max)
  const x = linear([start, end], [plot.x0, plot.x1])
  const y = linear([0, yTicks.at(-1) ?? 1], [plot.y0, plot.y1])
  const xTicks = niceTicks(window, 5).map((offset) => ({
    value: start + offset,
    label: `${Math.round(start + offset)}`,
  }))

  const path = (points: Point[]) => {
    // Keep the last point before the window so the line starts at the left edge.
    const firstInside = points.findIndex((p) => p.t >= start)
    const from = firstInside <= 0 ? 0 : firstInside - 1
    const shown = firstInside === -1 ? points.slice(-1) : points.slice(from)
    if (shown.length === 0) return ''
    let d = ''
    let last = 0
    for (const [i, p] of shown.entries()) {
      const px = Math.max(plot.x0, x(p.t))
      d += i === 0 ? `M${px},${y(p.value)}` : `H${px}V${y(p.value)}`
      last = p.value
    }
    return `${d}H${x(now)}V${y(last)}`
  }

  return (
    <figure className="chart" data-testid={testId} data-peak={peak}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-label={title}>
        <Axes xTicks={xTicks} yTicks={yTicks} x={x} y={y} xLabel="time (s)" yLabel={yLabel} />
        {series.map((s) => (
          <path key={s.name} className={`line tone-${s.tone}`} d={path(s.points)} />
        ))}
      </svg>
      <Legend items={series} />
    </figure>
  )
}
