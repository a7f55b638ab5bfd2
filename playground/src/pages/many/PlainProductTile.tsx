import { useEffect, useState } from 'react'
import { type Product, readJson } from '../../lib/product'
import { countedFetch } from '../../lib/request-counter'
import { asError } from '../../lib/use-server-stats'
import type { Settled } from './settled'
import { Tile } from './Tile'

interface PlainProductTileProps {
  index: number
  url: string
  onSettled: Settled
}

/** The same component written the usual way: one plain `fetch` per component. */
export function PlainProductTile({ index, url, onSettled }: PlainProductTileProps) {
  const [data, setData] = useState<Product>()
  const [error, setError] = useState<Error>()
  useEffect(() => {
    const controller = new AbortController()
    countedFetch(url, { signal: controller.signal, cache: 'no-store' })
      .then((response) => readJson<Product>(response))
      .then(
        (product) => {
          setData(product)
          onSettled(index, product.upstreamCall)
        },
        (reason: unknown) => {
          if (controller.signal.aborted) return
          setError(asError(reason))
          onSettled(index, 'error')
        },
      )
    return () => controller.abort()
  }, [url, index, onSettled])
  return <Tile data={data} error={error} />
}
