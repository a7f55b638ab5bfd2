// A real HTTP API on 127.0.0.1 that allows 10 requests per second (token
// bucket: 10 tokens, refilled at 10/s) and answers 429 beyond that.
import { createServer } from 'node:http'

export interface RateLimitedApi {
  url: string
  /** Requests that reached the API, allowed or not. */
  calls: () => number
  close: () => Promise<void>
}

export const startRateLimitedApi = async ({
  perSecond = 10,
  latencyMs = 20,
} = {}): Promise<RateLimitedApi> => {
  let tokens = perSecond
  let refilledAt = performance.now()
  let calls = 0
  const server = createServer((_request, response) => {
    calls++
    const now = performance.now()
    tokens = Math.min(perSecond, tokens + ((now - refilledAt) / 1000) * perSecond)
    refilledAt = now
    if (tokens < 1) {
      response.writeHead(429, { 'retry-after': '1' }).end('rate limited')
      return
    }
    tokens--
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ symbol: 'ACME', price: 42 }))
    }, latencyMs)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/quote/ACME`,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
