/** A slow product service that counts its calls, so a demo can show how few reach it. */
export interface Product {
  id: string
  name: string
  price: number
  /** Which call to the upstream produced this answer (1, 2, …). */
  upstreamCall: number
  servedAt: string
}

let calls = 0
let active = 0

/** Waits `ms` milliseconds: the upstream's simulated latency. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Looks a product up after `ms` milliseconds, counting the call. */
export const fetchProduct = async (id: string, ms: number): Promise<Product> => {
  const upstreamCall = ++calls
  active++
  try {
    await delay(ms)
    return {
      id,
      name: `Product ${id}`,
      price: (id.length * 7919) % 10_000,
      upstreamCall,
      servedAt: new Date().toISOString(),
    }
  } finally {
    active--
  }
}

/** Calls so far and calls running now. */
export const upstreamStats = () => ({ calls, active })

/** Sets the call counter back to 0. */
export const resetUpstream = () => {
  calls = 0
}
