// Processes that resume late (SIGSTOP, then SIGCONT), after the flight they
// were part of has ended and its kept result has expired (issue 18, points 1
// and 2): a leader that lost its lease meanwhile, and a waiter whose leader
// kept renewing for longer than the waiter's first look. Every step waits on
// what the processes and Redis report (MONITOR, keyspace notifications for
// the result's expiry), never on time.
import { describe, expect, it } from 'vitest'
import { names } from '../../src/redis/scripts'
import { flightName, openExpiries, openMonitor, scriptsOf } from './clients'
import {
  type Client,
  distinct,
  everyValue,
  type Fleet,
  fleetsForTests,
  oneLeads,
  settled,
  workers,
} from './fleet'

const SIZE = 4
const CALLERS = 100
/** 2 s: a renewal stalled on a busy machine is not taken for a death. */
const LEASE_MS = 2_000
/** Short, so that a test can wait for it to run out. */
const RESULT_TTL_MS = 300

const fleets = fleetsForTests(SIZE)

/** What the members said when they settled `key` (the `round`th time): no error, no stray rejection. */
const outcome = async (fleet: Fleet, key: string, members: number[], round = 1) => {
  const done = await settled(fleet, key, members, round)
  expect(done.flatMap((m) => m.errors)).toEqual([])
  expect(fleet.of('unhandled')).toEqual([])
  return done
}

/** What Redis runs (MONITOR) and the keys it expires, for one test; `close` after it. */
const watchRedis = async () => {
  // one after the other: ioredis's MONITOR connection fails on another's ready check (INFO) while it starts
  const expiries = await openExpiries(fleets.server.url)
  const commands = await openMonitor(fleets.server.url)
  return {
    seen: commands.seen,
    expired: expiries.expired,
    close: () => Promise.all([commands.close(), expiries.close()]),
  }
}

describe.each<Client>(['node-redis', 'ioredis'])('a fleet of 4 processes on %s', (client) => {
  it('a leader paused past its lease resumes after the takeover’s result expired: it leads again with a fresh run, and the run it started under the lost lease is never published (issue 18, point 1)', async () => {
    const key = `${client}-lost-then-leads`
    const name = flightName('app', key)
    const fleet = await fleets.start(client, LEASE_MS, false, RESULT_TTL_MS)
    const watch = await watchRedis()
    try {
      fleet.run(key, CALLERS)
      const paused = await oneLeads(fleet, key)
      fleet.pause(paused)
      // its lease runs out: one other process takes over, the two others follow it
      const others = fleet.alive().filter((index) => index !== paused)
      const takeover = await oneLeads(fleet, key, 1, others)
      const resultGone = watch.expired(names(name).result)
      fleet.release(key, others)
      const first = await outcome(fleet, key, others)
      expect(distinct(everyValue(first))).toBe(1)
      await resultGone
      // it resumes: a renewal says its lease was lost, nothing is kept nor
      // held, so it leads the key again
      fleet.resume(paused)
      const again = await fleet.until(
        () => fleet.of('leading', key).filter((m) => m.from === paused)[1],
      )
      // a new flight in the others follows it
      fleet.run(key, CALLERS, others)
      await fleet.until(() =>
        others.every((index) =>
          fleet
            .of('waiting', key)
            .some((m) => m.from === index && m.generation === again.generation),
        ),
      )
      // the work it started before its pause ends now (and any fresh run too)
      fleet.release(key, [paused])
      const [own] = await outcome(fleet, key, [paused])
      const next = await outcome(fleet, key, others, 2)

      const stale = { member: paused, run: 1 }
      const values = [...own!.values, ...everyValue(next)] as (typeof stale)[]
      expect(values).toHaveLength(SIZE * CALLERS)
      expect(values.filter((v) => v.member === stale.member && v.run === stale.run)).toEqual([])
      expect(distinct(values)).toBe(1)
      expect(values[0]).toMatchObject({ member: paused, run: 2 })
      expect(workers(fleet, key)).toEqual([paused, takeover, paused])
      expect(next.reduce((sum, m) => sum + m.stats.remoteHits, 0)).toBe(3)
    } finally {
      await watch.close()
    }
  })

  it.each([
    ['has expired', RESULT_TTL_MS],
    ['is still kept', 60_000],
  ])(
    'a waiter paused while its leader renews for longer than the lease it first saw, resumed once the result %s: it gets the leader’s result and never runs the work (issue 18, point 2)',
    async (state, resultTtlMs) => {
      const key = `${client}-waiter-outlived-${state.replace(/ /g, '-')}`
      const name = flightName('app', key)
      const fleet = await fleets.start(client, LEASE_MS, false, resultTtlMs)
      const watch = await watchRedis()
      try {
        fleet.run(key, CALLERS, [0])
        await fleet.until(() => workers(fleet, key).length === 1)
        // member 1 looks (WAIT: it registers for the lease's remaining time) and stops
        const held = fleet.hold(1, key, 'wait')
        fleet.run(key, CALLERS, [1])
        await held
        const looked = await watch.seen(scriptsOf(name).wait)
        // member 0 renews until a registration that lasted only the lease it saw would be gone
        for (let renewals = 1; ; renewals++) {
          if ((await watch.seen(scriptsOf(name).renew, renewals)) >= looked + LEASE_MS) break
        }
        const resultGone = watch.expired(names(name).result)
        fleet.release(key, [0])
        const [leader] = await outcome(fleet, key, [0])
        if (state === 'has expired') await resultGone
        fleet.resume(1)
        // had it not heard the result, it would run the work: let that end too
        fleet.release(key, [1])
        const [late] = await outcome(fleet, key, [1])

        expect(workers(fleet, key)).toEqual([0])
        expect(late!.values).toHaveLength(CALLERS)
        expect(distinct([...leader!.values, ...late!.values])).toBe(1)
        expect(late!.stats.remoteHits).toBe(1)
      } finally {
        await watch.close()
      }
    },
  )
})
