// Seed scenario 2, cache stampede: a popular entry in a real Redis expires and
// 100 users ask for it at that moment. Each miss goes to the database (a real
// PostgreSQL query of 2 s, like the seed's), then refills the cache.
import pg from 'pg'
import { createClient } from 'redis'
import { SharedCall } from 'shared-call'
import { startRedis } from '../test/support/redis-server'
import { burst } from './lib/load'
import { startPostgres } from './lib/postgres'
import { round, writeResult } from './lib/report'
import { sleep } from './lib/system'

const USERS = 100
const QUERY = "SELECT pg_sleep(2), 'bestseller' AS item"
const KEY = 'popular-item'
const TTL_MS = 200

// From ../shared/reference/shared-call-py-README.md, "Cache Stampede Protection".
const seed = {
  without: { durationMs: 2004, queries: 100 },
  with: { durationMs: 2005, queries: 1 },
}

const db = await startPostgres()
let redisServer: Awaited<ReturnType<typeof startRedis>> | undefined
// As many connections as users, as in the seed, where all 100 queries ran at once.
const pool = new pg.Pool({
  host: '127.0.0.1',
  port: db.port,
  user: db.user,
  database: 'postgres',
  max: USERS,
})
// Kept outside `try` so `finally` can close it.
let client: { isOpen: boolean; quit: () => Promise<unknown> } | undefined
try {
  redisServer = await startRedis()
  const redis = createClient({ socket: { host: '127.0.0.1', port: redisServer.port } })
  client = redis
  await redis.connect()
  await Promise.all(Array.from({ length: USERS }, () => pool.query('SELECT 1')))

  let queries = 0
  const loadFromDb = async () => {
    queries++
    const { rows } = await pool.query(QUERY)
    const value = JSON.stringify(rows[0])
    await redis.set(KEY, value, { PX: 60_000 })
    return value
  }

  const measure = async (coalesce: boolean) => {
    const shared = new SharedCall()
    const endpoint = async () => {
      const cached = await redis.get(KEY)
      if (cached !== null) return cached
      return coalesce ? shared.run(KEY, loadFromDb) : loadFromDb()
    }
    // A warm entry that is about to expire; wait until Redis has dropped it.
    await redis.set(KEY, 'warm', { PX: TTL_MS })
    while ((await redis.exists(KEY)) === 1) await sleep(5)
    queries = 0
    const result = await burst(USERS, endpoint)
    const afterwards = await redis.get(KEY)
    await redis.del(KEY)
    return { ...result, queries, refilled: afterwards !== null }
  }

  const without = await measure(false)
  const withShared = await measure(true)
  const row = (mode: string, r: typeof without, s: typeof seed.without) => ({
    mode,
    users: USERS,
    'DB queries': r.queries,
    'wasted queries': r.queries - 1,
    'duration ms': r.durationMs,
    'p99 ms': r.p99Ms,
    failed: r.failed,
    'cache refilled': r.refilled,
    'seed DB queries': s.queries,
    'seed duration ms': s.durationMs,
  })
  writeResult(
    'stampede',
    [
      {
        title: `Cache stampede: ${USERS} users the moment a Redis entry expires; miss → PostgreSQL ${QUERY}`,
        rows: [
          row('without protection', without, seed.without),
          row('with shared-call', withShared, seed.with),
        ],
        note: `Coalescing rate with shared-call: ${round(((USERS - withShared.queries) / USERS) * 100, 1)}% (seed: 99.0%). pg pool of ${USERS}, so the unprotected run is not slowed by the pool: all its queries reach the database at once.`,
      },
    ],
    { params: { users: USERS, query: QUERY, ttlMs: TTL_MS, pool: USERS }, seed },
  )
} finally {
  await pool.end()
  if (client?.isOpen) await client.quit()
  await redisServer?.stop()
  db.stop()
}
