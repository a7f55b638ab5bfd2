// Seed scenario 1, database load: 100 concurrent requests for the same report
// against a real PostgreSQL behind a pg pool of 10, the query taking ~60 ms.
import pg from 'pg'
import { SharedCall } from 'shared-call'
import { type Burst, burst } from './lib/load'
import { startPostgres } from './lib/postgres'
import { median, round, writeResult } from './lib/report'

const REQUESTS = 100
const POOL = 10
const QUERY = 'SELECT pg_sleep(0.06)'
const RUNS = 3

// From ../shared/reference/shared-call-py-README.md, "Database Load Reduction".
const seed = {
  without: { durationMs: 6012, avgMs: 2232.42, p99Ms: 6010.56, queries: 100 },
  with: { durationMs: 65, avgMs: 60.19, p99Ms: 62.05, queries: 1 },
}

const db = await startPostgres()
const pool = new pg.Pool({
  host: '127.0.0.1',
  port: db.port,
  user: db.user,
  database: 'postgres',
  max: POOL,
})
try {
  // Open every connection first so neither mode pays for connecting.
  await Promise.all(Array.from({ length: POOL }, () => pool.query('SELECT 1')))

  let queries = 0
  const query = async () => {
    queries++
    return (await pool.query(QUERY)).rows
  }

  const measure = async (coalesce: boolean) => {
    const runs: (Burst & { queries: number })[] = []
    for (let i = 0; i < RUNS; i++) {
      const shared = new SharedCall()
      queries = 0
      const request = coalesce ? () => shared.run('report', query) : query
      runs.push({ ...(await burst(REQUESTS, request)), queries })
    }
    // The run with the median duration, so one slow run can't decide.
    const middle = median(runs.map((run) => run.durationMs))
    return runs.find((run) => run.durationMs === middle) as Burst & { queries: number }
  }

  const without = await measure(false)
  const withShared = await measure(true)
  const speedup = (a: number, b: number) => `${round(a / b, 1)}×`
  const row = (mode: string, r: typeof without, s: typeof seed.without) => ({
    mode,
    requests: REQUESTS,
    'queries executed': r.queries,
    'duration ms': r.durationMs,
    'avg ms': r.avgMs,
    'p99 ms': r.p99Ms,
    failed: r.failed,
    'seed queries': s.queries,
    'seed duration ms': s.durationMs,
    'seed avg ms': s.avgMs,
    'seed p99 ms': s.p99Ms,
  })
  writeResult(
    'database',
    [
      {
        title: `Database load: ${REQUESTS} concurrent requests, PostgreSQL, pg pool of ${POOL}, ${QUERY} (median of ${RUNS} runs)`,
        rows: [
          row('without coalescing', without, seed.without),
          row('with shared-call', withShared, seed.with),
          {
            mode: 'improvement',
            'queries executed': `${without.queries - withShared.queries} eliminated`,
            'duration ms': speedup(without.durationMs, withShared.durationMs),
            'avg ms': speedup(without.avgMs, withShared.avgMs),
            'p99 ms': speedup(without.p99Ms, withShared.p99Ms),
            'seed duration ms': '92.6×',
            'seed avg ms': '37.1×',
            'seed p99 ms': '96.9×',
          },
        ],
        note: "A pool of 10 runs 10 queries at a time, so 100 queries of 60 ms need about 10 × 60 ms. The seed's 6.012 s is 100 × 60 ms: its mock ran the queries one at a time.",
      },
    ],
    { params: { requests: REQUESTS, pool: POOL, query: QUERY, runs: RUNS }, seed },
  )
} finally {
  await pool.end()
  db.stop()
}
