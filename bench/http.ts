// HTTP load on the edge demo (Hono on @hono/node-server), with autocannon: a
// hot route with and without the shared-call middleware, and unique URLs
// (never shared) to price the middleware's overhead.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { startEdgeDemo } from './lib/edge-demo'
import { round, writeResult } from './lib/report'

const CONNECTIONS = Number(process.env.HTTP_CONNECTIONS ?? 100)
const DURATION_S = Number(process.env.HTTP_DURATION ?? 10)
const UPSTREAM_DELAY_MS = 50
const root = join(dirname(fileURLToPath(import.meta.url)), '..')

// `[<id>]` is replaced by autocannon with a fresh id per request.
const cases = [
  { name: 'hot, with middleware', path: '/api/products/1' },
  { name: 'hot, without middleware', path: '/direct/products/1' },
  { name: 'unique URLs, with middleware', path: '/api/products/[<id>]' },
  { name: 'unique URLs, without middleware', path: '/direct/products/[<id>]' },
]

const demo = await startEdgeDemo(root, UPSTREAM_DELAY_MS)
try {
  const rows = []
  for (const { name, path } of cases) {
    await fetch(`${demo.origin}/_upstream/reset`, { method: 'POST' })
    const result = await autocannon({
      url: demo.origin + path,
      connections: CONNECTIONS,
      duration: DURATION_S,
      idReplacement: true,
    })
    const upstream = (await (await fetch(`${demo.origin}/_upstream/stats`)).json()) as {
      calls: number
    }
    rows.push({
      case: name,
      'req/s': round(result.requests.average, 0),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      requests: result.requests.total,
      'non-2xx': result.non2xx,
      errors: result.errors,
      'upstream calls': upstream.calls,
      'requests per upstream call': round(result.requests.total / Math.max(1, upstream.calls), 1),
    })
  }
  const [hotShared, hotDirect, uniqueShared, uniqueDirect] = rows
  const fewer =
    (hotDirect?.['upstream calls'] ?? 0) / Math.max(1, hotShared?.['upstream calls'] ?? 0)
  const overhead = 1 - (uniqueShared?.['req/s'] ?? 0) / Math.max(1, uniqueDirect?.['req/s'] ?? 1)
  writeResult(
    'http',
    [
      {
        title: `HTTP: autocannon, ${CONNECTIONS} connections × ${DURATION_S} s per case, upstream ${UPSTREAM_DELAY_MS} ms`,
        rows,
        note: `Hot route: ${round(fewer, 1)}× fewer upstream calls with the middleware (target ≥ 20×). Unique URLs: ${round(overhead * 100, 1)}% fewer req/s with the middleware (target ≤ 10%).`,
      },
    ],
    {
      params: {
        connections: CONNECTIONS,
        durationS: DURATION_S,
        upstreamDelayMs: UPSTREAM_DELAY_MS,
      },
      summary: { fewerUpstreamCalls: round(fewer, 1), overheadPercent: round(overhead * 100, 1) },
    },
  )
} finally {
  await demo.stop()
}
