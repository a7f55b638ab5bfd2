import { useEffect, useRef, useState } from 'react'
import { type Product, readJson } from '../../lib/product'
import { countedFetch } from '../../lib/request-counter'
import { asError } from '../../lib/use-server-stats'
import type { Settled } from './settled'
import { Tile } from './Tile'

interface PlainProductTileProps {
  index: number
  url: string
  /** Aborts when the run ends (a new run, or leaving the page). */
  signal: AbortSignal
  onSettled: Settled
}

/**
 * The same component written the usual way: a plain `fetch` in an effect,
 * whose answer is ignored once the effect is cleaned up. The baseline the
 * page compares with is one request per component: the request lives in a
 * ref, so StrictMode's second run of the effect in development reuses it
 * instead of sending a second one (production runs the effect once anyway).
 */
export function PlainProductTile({ index, url, signal, onSettled }: PlainProductTileProps) {
  const [data, setData] = useState<Product>()
  const [error, setError] = useState<Error>()
  const request = useRef<Promise<Product>>(undefined)
  useEffect(() => {
    let ignore = false
    request.current ??= countedFetch(url, { signal, cache: 'no-store' }).then((response) =>
      readJson<Product>(response),
    )
    request.current.then(
      (product) => {
        if (ignore) return
        setData(product)
        onSettled(index, product.upstreamCall)
      },
      (reason: unknown) => {
        if (ignore || signal.aborted) return
        setError(asError(reason))
        onSettled(index, 'error')
      },
    )
    return () => {
      ignore = true
    }
  }, [url, index, signal, onSettled])
  return <Tile data={data} error={error} />
}
