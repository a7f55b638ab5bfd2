import { useEffect, useState } from 'react'
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
 * The same component written the usual way, as React's docs write it: a
 * plain `fetch` in an effect, whose answer is ignored once the effect is
 * cleaned up. One request per mount: in development, where StrictMode mounts
 * each component twice, that is two.
 */
export function PlainProductTile({ index, url, signal, onSettled }: PlainProductTileProps) {
  const [data, setData] = useState<Product>()
  const [error, setError] = useState<Error>()
  useEffect(() => {
    let ignore = false
    countedFetch(url, { signal, cache: 'no-store' })
      .then((response) => readJson<Product>(response))
      .then(
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
