import type { Fetcher } from 'shared-call/react'
import { useSharedCall } from 'shared-call/react'
import { formatPrice, type Product } from '../../lib/product'

interface WaiterProps {
  name: string
  id: string
  fetcher: Fetcher<Product>
}

/** A component that waits for the slow product; the page mounts and unmounts it. */
export function Waiter({ name, id, fetcher }: WaiterProps) {
  const { data, error, isLoading } = useSharedCall<Product>(id, fetcher)
  return (
    <li className="waiter" data-testid={`cancel-waiter-${name}`}>
      <strong>{name}</strong> {isLoading && <span className="muted">waiting for the fetch…</span>}
      {data && `${data.name}, ${formatPrice(data.price)}`}
      {error && <span className="error-text">{error.message}</span>}
    </li>
  )
}
