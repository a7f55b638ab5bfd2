// shared-call/otel across a fleet: 4 Node processes share flights through a
// real redis-server, each serving its metrics for Prometheus on 127.0.0.1.
// Scraped over HTTP, the fleet's counts add up: one process ran the work,
// three got it from Redis (remote), every other caller followed locally.
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parseSamples, sampled } from '../otel/prometheus'
import { reapOnExit } from '../support/reaper'
import { type Redis, startRedis } from '../support/redis-server'
import type { FromOtelMember, ToOtelMember } from './fixtures/otel-member'

const fixture = fileURLToPath(new URL('./fixtures/otel-member.ts', import.meta.url))
const SIZE = 4
const CALLERS = 25

let redis: Redis | undefined
const members: ChildProcess[] = []
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  for (const member of members) member.kill('SIGKILL')
  await redis?.stop()
})

/** Starts the fleet; `until(test)` resolves once what the members said passes `test`. */
const startFleet = async () => {
  const heard: (FromOtelMember & { from: number })[] = []
  const waiting = new Set<() => void>()
  let crashed: Error | undefined
  for (let index = 0; index < SIZE; index++) {
    const member = fork(fixture, {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, REDIS_URL: redis!.url },
    })
    reapOnExit(member)
    member.on('message', (message: FromOtelMember) => {
      heard.push({ ...message, from: index })
      for (const check of [...waiting]) check()
    })
    member.on('exit', (code, signal) => {
      crashed ??= new Error(`member ${index} exited (${signal ?? code})`)
      for (const check of [...waiting]) check()
    })
    members.push(member)
  }
  const until = <T>(found: () => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        if (crashed) return reject(crashed)
        const result = found()
        if (result === undefined) return
        waiting.delete(check)
        resolve(result)
      }
      waiting.add(check)
      check()
    })
  const of = <K extends FromOtelMember['type']>(type: K) =>
    heard.filter((m): m is Extract<typeof m, { type: K }> => m.type === type)
  const tell = (message: ToOtelMember) => {
    for (const member of members) member.send(message)
  }
  const urls = await until(() => (of('ready').length === SIZE ? of('ready') : undefined))
  return { until, of, tell, metrics: urls.sort((a, b) => a.from - b.from).map((m) => m.metrics) }
}

it('4 processes × 25 callers of one key: the scrapes read 1 leader, 3 remote and 96 follower calls', async () => {
  const fleet = await startFleet()
  fleet.tell({ type: 'run', key: 'report', callers: CALLERS })
  // One process works on it; the three others wait for its result in Redis.
  await fleet.until(() =>
    fleet.of('working').length === 1 && new Set(fleet.of('waiting').map((m) => m.from)).size === 3
      ? true
      : undefined,
  )
  fleet.tell({ type: 'release', key: 'report' })
  const done = await fleet.until(() =>
    fleet.of('settled').length === SIZE ? fleet.of('settled') : undefined,
  )
  expect(done.flatMap((m) => m.values)).toHaveLength(SIZE * CALLERS)
  expect(fleet.of('working')).toHaveLength(1)

  const scrapes = await Promise.all(
    fleet.metrics.map(async (url) => parseSamples(await (await fetch(url)).text())),
  )
  const calls = (role: string) =>
    scrapes.map((samples) =>
      sampled(samples, 'shared_call_calls_total', {
        shared_call_namespace: 'app',
        shared_call_role: role,
      }),
    )
  const leader = fleet.of('working')[0]!.from
  expect(calls('leader')).toEqual([0, 1, 2, 3].map((index) => (index === leader ? 1 : 0)))
  expect(calls('remote')).toEqual([0, 1, 2, 3].map((index) => (index === leader ? 0 : 1)))
  expect(calls('follower')).toEqual([24, 24, 24, 24])
  const durations = scrapes.map((samples) =>
    sampled(samples, 'shared_call_flight_duration_count', { shared_call_role: 'remote' }),
  )
  expect(durations.reduce((a, b) => a + b)).toBe(3)
  for (const samples of scrapes) {
    expect(sampled(samples, 'shared_call_coordinator_takeovers_total')).toBe(0)
    expect(sampled(samples, 'shared_call_coordinator_fallbacks_total')).toBe(0)
  }
})
