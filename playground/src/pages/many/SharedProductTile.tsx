import { useEffect } from 'react'
import { useSharedCall } from 'shared-call/react'
import { type Product, readJson } from '../../lib/product'
import { countedFetch } from '../../lib/request-counter'
import type { Settled } from './settled'
import { Tile } from './Tile'

interface SharedProductTileProps {
  index: number
  url: string
  onSettled: Settled
}

/** A component that asks for the product through `useSharedCall`: N of them, one fetch. */
export function SharedProductTile({ index, url, onSettled }: SharedProductTileProps) {
  const { data, error } = useSharedCall<Product>(url, (signal) =>
    // `no-store`: the browser's HTTP cache must not answer, or hide a request.
    countedFetch(url, { signal, cache: 'no-store' }).then((response) =>
      readJson<Product>(response),
    ),
  )
  useEffect(() => {
    if (data) onSettled(index, data.upstreamCall)
    else if (error) onSettled(index, 'error')
  }, [data, error, index, onSettled])
  return <Tile data={data} error={error} />
}
