import { frame, plot } from './frame'

interface AxesProps {
  xTicks: { value: number; label: string }[]
  yTicks: number[]
  x: (value: number) => number
  y: (value: number) => number
  xLabel: string
  yLabel: string
}

/** Both axes with ticks, grid lines and unit labels, drawn in the text colour. */
export function Axes({ xTicks, yTicks, x, y, xLabel, yLabel }: AxesProps) {
  return (
    <g className="axes">
      {yTicks.map((tick) => (
        <g key={`y${tick}`}>
          <line className="grid" x1={plot.x0} x2={plot.x1} y1={y(tick)} y2={y(tick)} />
          <text x={plot.x0 - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">
            {tick}
          </text>
        </g>
      ))}
      {xTicks.map((tick) => (
        <text key={`x${tick.value}`} x={x(tick.value)} y={plot.y0 + 16} textAnchor="middle">
          {tick.label}
        </text>
      ))}
      <line className="axis" x1={plot.x0} x2={plot.x1} y1={plot.y0} y2={plot.y0} />
      <line className="axis" x1={plot.x0} x2={plot.x0} y1={plot.y0} y2={plot.y1} />
      <text
        className="axis-label"
        x={(plot.x0 + plot.x1) / 2}
        y={frame.height - 6}
        textAnchor="middle"
      >
        {xLabel}
      </text>
      <text
        className="axis-label"
        transform={`translate(12 ${(plot.y0 + plot.y1) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {yLabel}
      </text>
    </g>
  )
}
