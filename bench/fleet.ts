// A fleet: 4 Node processes × 100 concurrent callers of one key, with
// local coalescing only and with the Redis coordinator (a real redis-server).
// Each round uses a fresh key; the upstream answers after UPSTREAM_MS. We
// count upstream calls per round (target 4 → 1) and the commands the fleet
// sends Redis per round (INFO commandstats: the scripts, SUBSCRIBE and
// UNSUBSCRIBE, which only clients send), and time each process's flight,
// from its first call to its last caller settling, for the leader and for
// the waiting processes apart: what the coordinator adds is that flight time
// minus local-only flight time, also counted in Redis round trips (a PING
// every process sends between the flights of the same run), since the
// machine is shared and its speed varies from run to run.
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
type Ping = { ping: true }
type Pinged = { pingMs: number }

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
  process.on('message', async (message: Go | Ping | 'exit') => {
    if (message === 'exit') {
      await client?.close()
      process.exit(0)
    }
    if ('ping' in message) {
      // one round trip to Redis on the same client, as the flights make them
      const started = performance.now()
      await client?.sendCommand(['PING'])
      process.send?.({ pingMs: performance.now() - started } satisfies Pinged)
      return
    }
    const { key } = message
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
    /** Sends `message` to every member, resolving with each one's answer. */
    const ask = <T>(fleet: ReturnType<typeof fork>[], message: object) => {
      const answers = fleet.map(
        (child) =>
          new Promise<T>((resolve) => child.once('message', (answer: T) => resolve(answer))),
      )
      for (const child of fleet) child.send(message)
      return Promise.all(answers)
    }
    const measure = async (mode: Mode) => {
      const fleet = Array.from({ length: PROCESSES }, () =>
        fork(self, ['member'], {
          // BENCH_PROFILE=<dir>: a CPU profile of each member, to see where the time goes
          execArgv: [
            '--import',
            'tsx',
            ...(process.env.BENCH_PROFILE
              ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}/${mode}`]
              : []),
          ],
          env: { ...process.env, MODE: mode, REDIS_URL: redis.url },
        }),
      )
      members.push(...fleet)
      await Promise.all(
        fleet.map((child) => new Promise((resolve) => child.once('message', resolve))),
      )
      const led: number[] = []
      const waited: number[] = []
      const pings: number[] = []
      const upstreamPerRound: number[] = []
      let commandsBefore = 0
      for (let i = -WARMUP; i < ROUNDS; i++) {
        if (i === 0) commandsBefore = await commandsRun(admin)
        // a round trip of every member at once, between the flights: the same
        // machine, load and clients as the flights see
        const pinged = mode === 'redis' ? await ask<Pinged>(fleet, { ping: true }) : []
        const done = await ask<Done>(fleet, { key: `${mode}-${i}` } satisfies Go)
        if (i < 0) continue
        pings.push(...pinged.map((p) => p.pingMs))
        for (const d of done) (d.upstream > 0 ? led : waited).push(d.flightMs)
        upstreamPerRound.push(done.reduce((sum, d) => sum + d.upstream, 0))
      }
      // PING is not among CLIENT_COMMANDS: the count is the flights' own
      const commands = (await commandsRun(admin)) - commandsBefore
      for (const child of fleet) child.send('exit')
      await Promise.all(fleet.map((child) => new Promise((resolve) => child.once('exit', resolve))))
      return { led, waited, pings, upstreamPerRound, commands }
    }

    const local = await measure('local')
    const coordinated = await measure('redis')
    const p = (values: number[], q: number) => round(percentile(values, q), 2)
    const ping = p(coordinated.pings, 50)
    const calls = (r: typeof local) => r.upstreamPerRound.reduce((sum, n) => sum + n, 0) / ROUNDS
    const all = [...local.led, ...local.waited]
    const row = (callers: string, flights: number[], r = coordinated) => {
      const added50 = p(flights, 50) - p(all, 50)
      const added99 = p(flights, 99) - p(all, 99)
      return {
        callers,
        flights: flights.length,
        'upstream calls per round': round(calls(r), 2),
        'Redis commands per round': round(r.commands / ROUNDS, 2),
        'flight p50 ms': p(flights, 50),
        'flight p99 ms': p(flights, 99),
        'added p50 ms': round(added50, 2),
        'added p99 ms': round(added99, 2),
        'added p50 in round trips': r === local ? 0 : round(added50 / ping, 1),
      }
    }
    writeResult(
      'fleet',
      [
        {
          title: `Fleet: ${PROCESSES} Node processes × ${CALLERS} concurrent callers of one key, upstream answers in ${UPSTREAM_MS} ms`,
          rows: [
            row('local coalescing only: every process', all, local),
            row("redis coordinator (node-redis): the leader's", coordinated.led),
            row("redis coordinator (node-redis): a waiting process's", coordinated.waited),
          ],
          note: `${ROUNDS} rounds after ${WARMUP} of warm-up, a fresh key each. A flight is one process's ${CALLERS} callers, from the first call until the last settles; the leader's flight runs the work, a waiting process's gets the result over Redis. "Added" is that flight time minus local-only's at the same percentile; "in round trips" divides it by the p50 of a PING sent by every process at once between the flights of the same run (${ping} ms; p99 ${p(coordinated.pings, 99)} ms), on redis-server at 127.0.0.1. Redis commands per round: the scripts, SUBSCRIBE and UNSUBSCRIBE the ${PROCESSES} processes sent for one flight (INFO commandstats).`,
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
        pingMs: { p50: ping, p99: p(coordinated.pings, 99) },
      },
    )
  } finally {
    for (const child of members) if (child.exitCode === null) child.kill('SIGKILL')
    await admin.close()
    await redis.stop()
  }
}
