// Fires N concurrent requests at once and times each of them.
import { mean, percentile, round } from './report'

export interface Burst {
  durationMs: number
  avgMs: number
  p99Ms: number
  ok: number
  failed: number
}

export const burst = async (count: number, request: () => Promise<unknown>): Promise<Burst> => {
  const latencies: number[] = []
  let ok = 0
  let failed = 0
  const start = performance.now()
  await Promise.all(
    Array.from({ length: count }, async () => {
      const begin = performance.now()
      try {
        await request()
        ok++
      } catch {
        failed++
      }
      latencies.push(performance.now() - begin)
    }),
  )
  const durationMs = performance.now() - start
  return {
    durationMs: round(durationMs, 1),
    avgMs: round(mean(latencies), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    ok,
    failed,
  }
}
