import { sharedFetch } from 'shared-call'

export interface Product {
  id: number
  name: string
}

/** Where the products come from: your API. `PRODUCTS_URL` points the example at another one. */
export const productsUrl = () => process.env.PRODUCTS_URL ?? 'http://127.0.0.1:4000/products'

/**
 * On the server: concurrent renders that ask for the same URL (same method,
 * same headers) make one request between them, and each gets its own
 * `Response`.
 */
export async function getProducts(): Promise<Product[]> {
  const response = await sharedFetch(productsUrl())
  if (!response.ok) throw new Error(`products: HTTP ${response.status}`)
  return response.json()
}

/** The key every component of the products uses, on the server and in the browser. */
export const PRODUCTS_KEY = '/api/products'
