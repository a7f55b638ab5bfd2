// What the edge demo's product routes answer: its own type, so the two never drift.
export type { Product } from '../../../edge-demo/upstream'

/** The JSON body of a response, or an error that says which status came back. */
export const readJson = async <T>(response: Response): Promise<T> => {
  if (!response.ok) {
    throw new Error(`${response.url || 'request'} answered HTTP ${response.status}`)
  }
  return (await response.json()) as T
}

// The demo upstream gives a bare number, no currency: show it as it is.
export const formatPrice = (price: number) => `price ${price}`
