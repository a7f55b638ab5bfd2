import { useEffect, useRef } from 'react'
import { useSharedCall } from 'shared-call/react'
import type { Product } from '../../lib/product'
import { getProduct } from './get-product'
import { countDataInFirstRender } from './run-log'

/**
 * One component that shows the product through `useSharedCall`. Every tile
 * uses the same key, so however many there are, each fetch is one request.
 * Its colour says which upstream call produced the data it shows.
 */
export function ProductTile({ url }: { url: string }) {
  const { data, error } = useSharedCall<Product>(url, (signal) => getProduct(url, signal), {
    // The defaults (5 s, 2 s) would ignore a second click soon after a
    // fetch, and a return soon after the answer; the demo shows every focus
    // and every return.
    focusThrottleInterval: 0,
    dedupingInterval: 0,
  })
  // Whether the very first render had data: kept data shows at once. Counted
  // once, though StrictMode runs the effect twice in development.
  const first = useRef({ hadData: data !== undefined, counted: false })
  useEffect(() => {
    if (!first.current.hadData || first.current.counted) return
    first.current.counted = true
    countDataInFirstRender()
  }, [])
  const state = error ? 'error' : data ? 'ready' : 'loading'
  const hue = data ? (data.upstreamCall * 137) % 360 : undefined
  return (
    <li
      className={`tile tile-${state}`}
      data-testid="revalidate-tile"
      data-state={state}
      data-call={data?.upstreamCall}
      title={error ? error.message : data ? `upstream call #${data.upstreamCall}` : 'loading…'}
      style={hue === undefined ? undefined : ({ '--hue': hue } as React.CSSProperties)}
    />
  )
}
