import { type Product, readJson } from '../../lib/product'
import { countRequest } from './run-log'

/** The product, fetched for real; each request counted in the page's run. */
export const getProduct = async (url: string, signal: AbortSignal): Promise<Product> => {
  countRequest()
  // `no-store`: the browser's HTTP cache must not answer, or hide a request.
  return readJson<Product>(await fetch(url, { signal, cache: 'no-store' }))
}
