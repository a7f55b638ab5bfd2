'use client'

import { useSharedCall } from 'shared-call/react'
import { PRODUCTS_KEY, type Product } from '../lib/products'

const fetchProducts = async (signal: AbortSignal): Promise<Product[]> => {
  const response = await fetch(PRODUCTS_KEY, { signal })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return response.json()
}

/** One of many components of one key: all of them together make at most one request. */
export function ProductName({ index }: { index: number }) {
  const { data, error, isLoading } = useSharedCall(PRODUCTS_KEY, fetchProducts)
  if (error) return <li data-testid="product-error">Could not load</li>
  if (isLoading || !data) return <li data-testid="product-loading">…</li>
  const product = data[index % data.length]
  return <li data-testid="product">{product?.name}</li>
}
