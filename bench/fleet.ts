// A fleet: 4 Node processes × 100 concurrent callers of one key, with
// local coalescing only and with the Redis coordinator (a real redis-server).
// Each round uses a fresh key; the upstream answers after UPSTREAM_MS. We
// count upstream calls per round (target 4 → 1) and the commands the fleet
// sends Redis per round (INFO commandstats: the scripts, SUBSCRIBE and
// UNSUBSCRIBE, which only clients send), and time each process's flight,
// from its first call to its last caller settling: what the coordinator adds
// is its flight time minus local-only flight time.
//
// The same file is the member process: `fleet.ts member` (forked below).
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createClient } from 'redis'
import { SharedCall } from 'shared-call'
import { redisCoordinator } from 'shared-call/redis'
import { startRedis } from '../test/support/redis-server'
import { percentile, round, writeResult } from './lib/report'

const PROCESSES = 4
const CALLERS = 100
const ROUNDS = 200
const UPSTREAM_MS = 20
/** Rounds run first and not counted: they open connections (the subscriber's too). */
const WARMUP = 5

type Mode = 'local' | 'redis'

/** The commands only a client sends (a script's own calls are counted apart): a flight's round trips. */
const CLIENT_COMMANDS = [
  'eval',
  'evalsha',
  'subscribe',
  'unsubscribe',
  'ssubscribe',
  'sunsubscribe',
]

/** How many of CLIENT_COMMANDS Redis has run so far. */
const commandsRun = async (admin: { info(section: string): Promise<string> }) => {
  const stats = await admin.info('commandstats')
  return CLIENT_COMMANDS.reduce(
    (sum, name) => sum + Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0),
    0,
  )
}
type Go = { key: string }
type Done = { key: string; flightMs: number; upstream: number }

if (process.argv[2] === 'member') {
  const mode = process.env.MODE as Mode
  let coordinator: ReturnType<typeof redisCoordinator> | undefined
  let client: ReturnType<typeof createClient> | undefined
  if (mode === 'redis') {
    client = createClient({ url: process.env.REDIS_URL })
    client.on('error', () => {})
    await client.connect()
    coordinator = redisCoordinator(client)
  }
  const shared = new SharedCall({ namespace: 'bench', coordinator })
  process.on('message', async (message: Go | 'exit') => {
    if (message === 'exit') {
      await client?.close()
      process.exit(0)
    }
    const { key } = message as Go
    let upstream = 0
    const work = () =>
      new Promise<string>((resolve) => {
        upstream++
        setTimeout(() => resolve(`value of ${key}`), UPSTREAM_MS)
      })
    const started = performance.now()
    await Promise.all(Array.from({ length: CALLERS }, () => shared.run(key, work)))
    const done: Done = { key, flightMs: performance.now() - started, upstream }
    process.send?.(done)
  })
  process.on('disconnect', () => process.exit(0))
  process.send?.('ready')
} else {
  const self = fileURLToPath(import.meta.url)
  const redis = await startRedis()
  const admin = createClient({ url: redis.url })
  await admin.connect()
  const members: ReturnType<typeof fork>[] = []
  try {
    const measure = async (mode: Mode) => {
      const fleet = Array.from({ length: PROCESSES }, () =>
        fork(self, ['member'], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, MODE: mode, REDIS_URL: redis.url },
        }),
      )
      members.push(...fleet)
      await Promise.all(
        fleet.map((child) => new Promise((resolve) => child.once('message', resolve))),
      )
      const flights: number[] = []
      const upstreamPerRound: number[] = []
      let commandsBefore = 0
      for (let i = -WARMUP; i < ROUNDS; i++) {
        if (i === 0) commandsBefore = await commandsRun(admin)
        const key = `${mode}-${i}`
        const answers = fleet.map(
          (child) =>
            new Promise<Done>((resolve) => child.once('message', (done: Done) => resolve(done))),
        )
        for (const child of fleet) child.send({ key } satisfies Go)
        const done = await Promise.all(answers)
        if (i < 0) continue
        flights.push(...done.map((d) => d.flightMs))
        upstreamPerRound.push(done.reduce((sum, d) => sum + d.upstream, 0))
      }
      const commands = (await commandsRun(admin)) - commandsBefore
      for (const child of fleet) child.send('exit')
      await Promise.all(fleet.map((child) => new Promise((resolve) => child.once('exit', resolve))))
      return { flights, upstreamPerRound, commands }
    }

    const local = await measure('local')
    const coordinated = await measure('redis')
    const p = (values: number[], q: number) => round(percentile(values, q), 2)
    const upstream = (r: typeof local) => r.upstreamPerRound.reduce((sum, n) => sum + n, 0)
    const row = (mode: string, r: typeof local) => ({
      mode,
      processes: PROCESSES,
      'callers per process': CALLERS,
      rounds: ROUNDS,
      'upstream calls per round': round(upstream(r) / ROUNDS, 2),
      'max per round': Math.max(...r.upstreamPerRound),
      'Redis commands per round': round(r.commands / ROUNDS, 2),
      'flight p50 ms': p(r.flights, 50),
      'flight p99 ms': p(r.flights, 99),
      'added p50 ms': round(p(r.flights, 50) - p(local.flights, 50), 2),
      'added p99 ms': round(p(r.flights, 99) - p(local.flights, 99), 2),
    })
    writeResult(
      'fleet',
      [
        {
          title: `Fleet: ${PROCESSES} Node processes × ${CALLERS} concurrent callers of one key, upstream answers in ${UPSTREAM_MS} ms`,
          rows: [
            row('local coalescing only', local),
            row('redis coordinator (node-redis)', coordinated),
          ],
          note: `${ROUNDS} rounds after ${WARMUP} of warm-up, a fresh key each. A flight is one process's 100 callers, from the first call until the last settles; "added" is the Redis coordinator's flight time minus local-only's at the same percentile (the lease, each waiter's look, the publish and the pub/sub message, on redis-server at 127.0.0.1). Redis commands per round: the scripts, SUBSCRIBE and UNSUBSCRIBE the 4 processes sent (INFO commandstats).`,
        },
      ],
      {
        params: {
          processes: PROCESSES,
          callers: CALLERS,
          rounds: ROUNDS,
          warmup: WARMUP,
          upstreamMs: UPSTREAM_MS,
        },
      },
    )
  } finally {
    for (const child of members) if (child.exitCode === null) child.kill('SIGKILL')
    await admin.close()
    await redis.stop()
  }
}
