import { memo } from 'react'
import { formatPrice, type Product } from '../../lib/product'

interface TileProps {
  data: Product | undefined
  error: Error | undefined
}

/**
 * One component's view of the product: a small square, coloured by which
 * upstream call produced its answer. One colour means one upstream call.
 */
export const Tile = memo(function Tile({ data, error }: TileProps) {
  const state = error ? 'error' : data ? 'ready' : 'loading'
  const title = error
    ? error.message
    : data
      ? `${data.name} · ${formatPrice(data.price)} · upstream call #${data.upstreamCall}`
      : 'loading…'
  const hue = data ? (data.upstreamCall * 137) % 360 : undefined
  return (
    <li
      className={`tile tile-${state}`}
      data-testid="tile"
      data-state={state}
      title={title}
      style={hue === undefined ? undefined : ({ '--hue': hue } as React.CSSProperties)}
    />
  )
})
