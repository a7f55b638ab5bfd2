// HTTP load on the edge demo (Hono on @hono/node-server), with autocannon: a
// hot route with and without the shared-call middleware, and unique URLs
// (never shared) to price the middleware's overhead.
//
// Each pair (with / without the middleware) runs in alternating rounds, in
// ABBA order, and the overhead is the median of the per-round ratios: on a
// machine shared with other work, load drifts over a minute, and two cases
// measured back to back, many times, see the same drift.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { startEdgeDemo } from './lib/edge-demo'
import { round, writeResult } from './lib/report'

const CONNECTIONS = Number(process.env.HTTP_CONNECTIONS ?? 100)
/** Seconds each case runs in all, split over the rounds. */
const DURATION_S = Number(process.env.HTTP_DURATION ?? 10)
const ROUNDS = Number(process.env.HTTP_ROUNDS ?? 4)
const UPSTREAM_DELAY_MS = 50
const root = join(dirname(fileURLToPath(import.meta.url)), '..')

// `[<id>]` is replaced by autocannon with a fresh id per request.
const pairs = [
  [
    { name: 'hot, with middleware', path: '/api/products/1' },
    { name: 'hot, without middleware', path: '/direct/products/1' },
  ],
  [
    { name: 'unique URLs, with middleware', path: '/api/products/[<id>]' },
    { name: 'unique URLs, without middleware', path: '/direct/products/[<id>]' },
  ],
] as const

interface Run {
  rps: number
  p50: number
  p99: number
  requests: number
  non2xx: number
  errors: number
  upstream: number
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const sum = (runs: Run[], field: keyof Run) => runs.reduce((total, run) => total + run[field], 0)

const demo = await startEdgeDemo(root, UPSTREAM_DELAY_MS)
const measure = async (path: string): Promise<Run> => {
  await fetch(`${demo.origin}/_upstream/reset`, { method: 'POST' })
  const result = await autocannon({
    url: demo.origin + path,
    connections: CONNECTIONS,
    duration: DURATION_S / ROUNDS,
    idReplacement: true,
  })
  const upstream = (await (await fetch(`${demo.origin}/_upstream/stats`)).json()) as {
    calls: number
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    upstream: upstream.calls,
  }
}

try {
  const rows = []
  const ratios: number[][] = []
  for (const [withIt, without] of pairs) {
    const runs: [Run[], Run[]] = [[], []]
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? [1, 0] : [0, 1]
      for (const i of order) runs[i]!.push(await measure((i ? without : withIt).path))
    }
    ratios.push(runs[0].map((run, r) => run.rps / runs[1][r]!.rps))
    for (const [i, { name }] of [withIt, without].entries()) {
      const all = runs[i]!
      const requests = sum(all, 'requests')
      const upstream = sum(all, 'upstream')
      rows.push({
        case: name,
        'req/s': round(median(all.map((run) => run.rps)), 0),
        'p50 ms': median(all.map((run) => run.p50)),
        'p99 ms': median(all.map((run) => run.p99)),
        requests,
        'non-2xx': sum(all, 'non2xx'),
        errors: sum(all, 'errors'),
        'upstream calls': upstream,
        'requests per upstream call': round(requests / Math.max(1, upstream), 1),
      })
    }
  }
  const [hotShared, hotDirect] = rows
  const fewer =
    (hotDirect?.['upstream calls'] ?? 0) / Math.max(1, hotShared?.['upstream calls'] ?? 0)
  const overhead = 1 - median(ratios[1]!)
  writeResult(
    'http',
    [
      {
        title: `HTTP: autocannon, ${CONNECTIONS} connections × ${DURATION_S} s per case in ${ROUNDS} alternating rounds, upstream ${UPSTREAM_DELAY_MS} ms`,
        rows,
        note: `Hot route: ${round(fewer, 1)}× fewer upstream calls with the middleware (target ≥ 20×). Unique URLs: ${round(overhead * 100, 1)}% fewer req/s with the middleware, median of the rounds' ratios (target ≤ 10%).`,
      },
      {
        title: 'req/s with the middleware ÷ without, per round',
        rows: ratios.map((perRound, i) => ({
          pair: i ? 'unique URLs' : 'hot',
          ...Object.fromEntries(perRound.map((ratio, r) => [`round ${r + 1}`, round(ratio, 3)])),
          median: round(median(perRound), 3),
        })),
      },
    ],
    {
      params: {
        connections: CONNECTIONS,
        durationS: DURATION_S,
        rounds: ROUNDS,
        upstreamDelayMs: UPSTREAM_DELAY_MS,
      },
      summary: { fewerUpstreamCalls: round(fewer, 1), overheadPercent: round(overhead * 100, 1) },
    },
  )
} finally {
  await demo.stop()
}
