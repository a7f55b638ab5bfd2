// Real pauses, with SIGSTOP and SIGCONT, on the processes of a fleet
// (fixtures/member.ts) and on redis-server itself, and a network partition
// (proxy.ts). A member is stopped at an exact point (`fleet.hold`): just
// after it sent a command, or just after a wait ended without a result.
// Every step waits on what the processes and Redis report; the one wait on
// time is a pause's own length, which must outlast the members' command
// timeout (1 s) for the fault to be the fault.
import { Redis as IoRedis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { names } from '../../src/redis/scripts'
import { flightName, openMonitor, scriptsOf } from './clients'
import {
  type Client,
  distinct,
  everyValue,
  type Fleet,
  fleetsForTests,
  following,
  oneLeads,
  settled,
  workers,
} from './fleet'

const SIZE = 4
const CALLERS = 100
/** The command timeout of every member (fixtures/member.ts). */
const TIMEOUT_MS = 1_000

const fleets = fleetsForTests(SIZE)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * What Redis runs, as it runs it (MONITOR), and a client to ask it: a round
 * trip of `ask` after MONITOR showed a command proves that command's reply
 * has left Redis (it writes replies before it reads the next command).
 */
const watchRedis = async () => {
  const watch = await openMonitor(fleets.server.url)
  const ask = new IoRedis(fleets.server.url)
  return {
    ...watch,
    ask,
    close: async () => {
      ask.disconnect()
      await watch.close()
    },
  }
}

/** What the members said when they settled `key` (the `round`th time): no error, no stray rejection. */
const outcome = async (fleet: Fleet, key: string, members = fleet.alive(), round = 1) => {
  const done = await settled(fleet, key, members, round)
  expect(done.flatMap((m) => m.errors)).toEqual([])
  expect(fleet.of('unhandled')).toEqual([])
  return done
}

describe.each<Client>(['node-redis', 'ioredis'])('a fleet of 4 processes on %s', (client) => {
  it.each([
    ['LEAD', 'lead'],
    ['WAIT', 'wait'],
  ] as const)(
    'a waiter paused just after its %s command, past the command timeout: on SIGCONT it reads the reply that came meanwhile and follows, never running the work (issue 10, point 2)',
    async (_, at) => {
      const key = `${client}-waiter-paused-${at}`
      const fleet = await fleets.start(client)
      const watch = await watchRedis()
      try {
        fleet.run(key, CALLERS, [0])
        await fleet.until(() => workers(fleet, key).length === 1)
        const held = fleet.hold(1, key, at)
        fleet.run(key, CALLERS, [1])
        await held
        const stopped = performance.now()
        // Redis ran it, and its reply has left
        await watch.seen(scriptsOf(flightName('app', key))[at], at === 'lead' ? 2 : 1)
        await watch.ask.ping()
        // the pause outlasts the command's timeout: its timer is overdue on SIGCONT
        await sleep(TIMEOUT_MS + 100 - (performance.now() - stopped))
        fleet.resume(1)
        // member 0's work ends; had member 1 timed out, it would run the work and settle with its own
        fleet.release(key, [0, 1])
        const done = await outcome(fleet, key, [0, 1])

        expect(workers(fleet, key)).toEqual([0])
        expect(everyValue(done)).toHaveLength(2 * CALLERS)
        expect(distinct(everyValue(done))).toBe(1)
        expect(done.find((m) => m.from === 1)?.stats.remoteHits).toBe(1)
      } finally {
        await watch.close()
      }
    },
  )

  it('a slow waiter that found neither result nor lease, paused before acting on it, takes the result of the process that took over: no third run (issue 10, point 3)', async () => {
    const key = `${client}-slow-waiter`
    // 2 s: a renewal stalled on a busy machine is not taken for a death
    const fleet = await fleets.start(client, 2_000)
    fleet.run(key, CALLERS)
    const dead = await oneLeads(fleet, key)
    const [slow, ...others] = fleet.alive().filter((index) => index !== dead)
    const held = fleet.hold(slow!, key, 'waited-none')
    await fleet.kill(dead)
    // its lease runs out: the slow one learns it first or second, and stops right there
    await held
    const takeover = await oneLeads(fleet, key, 1, others)
    fleet.release(key, others)
    const done = await outcome(fleet, key, others)
    fleet.resume(slow!)
    // it takes the result, or (the bug) leads a third run
    await fleet.until(
      () => fleet.of('settled', key).some((m) => m.from === slow) || workers(fleet, key).length > 2,
    )
    expect(workers(fleet, key)).toEqual([dead, takeover])
    const [late] = await outcome(fleet, key, [slow!])

    expect(workers(fleet, key)).toEqual([dead, takeover])
    expect(late!.values).toHaveLength(CALLERS)
    expect(distinct([...everyValue(done), ...late!.values])).toBe(1)
    expect(late!.stats.remoteHits).toBe(1)
  })

  it('redis-server paused (SIGSTOP): every flight falls back to local work after the command timeout, no hang, no error; SIGCONT: one flight per key again, no lease left behind', async () => {
    const fleet = await fleets.start(client)
    const watch = await watchRedis()
    try {
      const midFlight = `${client}-redis-paused-mid-flight`
      fleet.run(midFlight, CALLERS)
      const leader = await oneLeads(fleet, midFlight)
      fleets.server.pause()
      // the leader ends: its publish gets no answer, its callers get its value
      fleet.release(midFlight)
      // the followers hear nothing; when the lease would have run out they
      // look, get no answer, and each runs the work itself
      await fleet.until(() => workers(fleet, midFlight).length === SIZE)
      const down = await outcome(fleet, midFlight)
      expect(workers(fleet, midFlight)[0]).toBe(leader)
      expect(everyValue(down)).toHaveLength(SIZE * CALLERS)
      expect(down.map((m) => m.stats.hits)).toEqual([99, 99, 99, 99])

      // a new key while Redis is paused: each lead times out, each process runs it once
      const during = `${client}-redis-paused`
      fleet.run(during, CALLERS)
      fleet.release(during)
      const alone = await outcome(fleet, during)
      expect(new Set(workers(fleet, during)).size).toBe(SIZE)
      expect(alone.reduce((sum, m) => sum + m.stats.remoteHits, 0)).toBe(0)

      fleets.server.resume()
      // Redis answers the LEADs it held: the one it granted, late, is given back by its token
      await watch.seen(scriptsOf(flightName('app', during)).release)
      expect(await watch.ask.exists(names(flightName('app', during)).lease)).toBe(0)

      // coordination resumes: the same key, and a new one, run once in the fleet
      for (const [key, round] of [
        [during, 2],
        [`${client}-redis-resumed`, 1],
      ] as const) {
        const worked = workers(fleet, key).length
        fleet.run(key, CALLERS)
        await oneLeads(fleet, key, worked)
        fleet.release(key)
        const up = await outcome(fleet, key, fleet.alive(), round)
        expect(workers(fleet, key)).toHaveLength(worked + 1)
        expect(up.reduce((sum, m) => sum + m.stats.remoteHits, 0)).toBe(3)
      }
    } finally {
      await watch.close()
    }
  })
  it("a partition cuts the leader and a follower off from Redis: each runs the work once for its own callers, one other process takes over for the rest, and the leader's late publish is refused", async () => {
    const key = `${client}-partition`
    const name = flightName('app', key)
    const fleet = await fleets.start(client, 1_000, true)
    const watch = await watchRedis()
    try {
      fleet.run(key, CALLERS)
      const leader = await oneLeads(fleet, key)
      const [cut, ...rest] = fleet.alive().filter((index) => index !== leader)
      fleet.partition(leader)
      fleet.partition(cut!)
      // the leader's renewals no longer reach Redis: its lease runs out and
      // one of the rest takes over, the other follows it; the cut-off
      // follower hears nothing, looks when the lease would end, gets no
      // answer, and runs the work itself
      const takeover = await fleet.until(() => {
        const [first, ...more] = workers(fleet, key).filter((index) => rest.includes(index))
        const followed = rest.every((index) => index === first || following(fleet, key, index))
        return workers(fleet, key).includes(cut!) && more.length === 0 && followed && first
      })
      fleet.release(key)
      const done = await outcome(fleet, key)
      const valuesOf = (index: number) => done.find((m) => m.from === index)!.values
      expect(workers(fleet, key).sort()).toEqual([leader, cut, takeover].sort())
      for (const index of fleet.alive()) expect(distinct(valuesOf(index))).toBe(1)
      expect(distinct(rest.flatMap(valuesOf))).toBe(1)
      expect(distinct([leader, cut!, takeover].map((index) => valuesOf(index)[0]))).toBe(3)

      // healed: the leader's publish, sent into the cut link, reaches Redis and is refused
      fleet.heal(leader)
      fleet.heal(cut!)
      await watch.seen(scriptsOf(name).publish, 2)
      const stored = String(await watch.ask.get(names(name).result))
      const bytes = Buffer.from(stored.slice(stored.indexOf(':') + 1), 'base64')
      expect(JSON.parse(bytes.subarray(1).toString()).v).toEqual(valuesOf(takeover)[0])
      expect(
        fleet
          .of('published', key)
          .filter((m) => m.published)
          .map((m) => m.from),
      ).toEqual([takeover])
    } finally {
      await watch.close()
    }
  })
})
