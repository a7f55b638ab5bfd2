import { fetchUpstreamStats, resetServer } from '../../lib/server'

export type Route = 'api' | 'direct'

export interface StampedeResult {
  route: Route
  requests: number
  failed: number
  upstreamCalls: number
  /** Milliseconds from sending each request to having its whole body. */
  latencies: number[]
  /** How many responses said `x-shared-call: leader`, `follower` or `pass`. */
  roles: Record<string, number>
}

/**
 * Fires `n` requests for one product at once at a route, after zeroing the
 * server's counters, and reads how many upstream calls they caused. `tag`
 * makes the URL new for each stampede, so no earlier answer can be reused.
 */
export const runStampede = async (
  route: Route,
  n: number,
  delayMs: number,
  tag: string,
): Promise<StampedeResult> => {
  await resetServer()
  const url = `/${route}/products/2?delay=${delayMs}&stampede=${tag}`
  const roles: Record<string, number> = {}
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, async () => {
      const sent = performance.now()
      // `no-store`: Chromium would otherwise hold identical GETs behind its cache lock.
      const response = await fetch(url, { cache: 'no-store' })
      await response.arrayBuffer()
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const role = response.headers.get('x-shared-call') ?? 'no header'
      roles[role] = (roles[role] ?? 0) + 1
      return performance.now() - sent
    }),
  )
  const latencies = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))
  const { calls } = await fetchUpstreamStats()
  return {
    route,
    requests: n,
    failed: n - latencies.length,
    upstreamCalls: calls,
    latencies,
    roles,
  }
}

/** The value below which `q` (0–1) of the values fall. */
export const quantile = (values: number[], q: number) => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}
