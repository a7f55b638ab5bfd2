// 4 Node processes share flights through a real redis-server. Each runs
// fixtures/member.ts; the test hears what they do (working, waiting,
// settled) and decides when work ends. Faults: a leader killed mid-flight,
// Redis stopped mid-flight and started again.
import { describe, expect, it } from 'vitest'
import { type Client, everyValue, fleetsForTests, oneLeads, settled, workers } from './fleet'

const SIZE = 4
const CALLERS = 100

const fleets = fleetsForTests(SIZE)
const start = (client: Client, leaseMs?: number) => fleets.start(client, leaseMs)

describe.each<Client>(['node-redis', 'ioredis'])('a fleet of 4 processes on %s', (client) => {
  it('4 processes × 100 callers of one key: the work runs once in the whole fleet', async () => {
    const fleet = await start(client)
    fleet.run(`${client}-once`, CALLERS)
    // one leads; the 3 others follow its flight through Redis
    const leader = await oneLeads(fleet, `${client}-once`)
    fleet.release(`${client}-once`)
    const done = await settled(fleet, `${client}-once`)

    expect(workers(fleet, `${client}-once`)).toEqual([leader])
    const values = everyValue(done)
    expect(values).toHaveLength(SIZE * CALLERS)
    expect(new Set(values.map((v) => JSON.stringify(v))).size).toBe(1)
    expect(done.flatMap((m) => m.errors)).toEqual([])
    // Each caller counts once: the fleet's one miss is the run of the work;
    // a process whose flight another one answered counts its starter as a hit.
    expect(done.map((m) => m.stats.misses).sort()).toEqual([0, 0, 0, 1])
    expect(done.map((m) => m.stats.hits + m.stats.misses)).toEqual([100, 100, 100, 100])
    expect(done.reduce((sum, m) => sum + m.stats.remoteHits, 0)).toBe(3)
    expect(fleet.of('lost')).toEqual([])
    expect(fleet.of('unhandled')).toEqual([])
  })

  it('the leader is killed mid-flight: its lease expires and exactly one other process takes over', async () => {
    // 2 s: the new leader renews every 667 ms, so a busy CI machine stalling
    // one of its renewals is not mistaken for a second death.
    const fleet = await start(client, 2_000)
    fleet.run(`${client}-killed`, CALLERS)
    const dead = await oneLeads(fleet, `${client}-killed`)
    await fleet.kill(dead)
    // no release, no message: the survivors see the lease expire, one leads,
    // the two others follow it
    const survivor = await oneLeads(fleet, `${client}-killed`, 1)
    expect(survivor).not.toBe(dead)
    fleet.release(`${client}-killed`)
    const done = await settled(fleet, `${client}-killed`)

    expect(workers(fleet, `${client}-killed`)).toEqual([dead, survivor])
    expect(done).toHaveLength(SIZE - 1)
    const values = everyValue(done)
    expect(values).toHaveLength((SIZE - 1) * CALLERS)
    expect(new Set(values.map((v) => JSON.stringify(v))).size).toBe(1)
    expect(done.flatMap((m) => m.errors)).toEqual([])
    expect(done.reduce((sum, m) => sum + m.stats.remoteHits, 0)).toBe(2)
    expect(fleet.of('lost')).toEqual([])
    expect(fleet.of('unhandled')).toEqual([])
  })

  it('a leader paused past its lease (SIGSTOP) resumes: no caller gets its stale value, and it publishes nothing (issue 10, point 1)', async () => {
    const key = `${client}-paused`
    const fleet = await start(client, 2_000)
    fleet.run(key, CALLERS)
    const paused = await oneLeads(fleet, key)
    fleet.pause(paused)
    // its lease runs out: one other process takes over, the two others follow it
    const others = fleet.alive().filter((index) => index !== paused)
    const takeover = await oneLeads(fleet, key, 1, others)
    fleet.resume(paused)
    // the paused one finishes its work first
    fleet.release(key, [paused])
    const [stale] = await settled(fleet, key, [paused])
    fleet.release(key, others)
    const done = (await settled(fleet, key)).filter((m) => m.from !== paused)

    expect(workers(fleet, key)).toEqual([paused, takeover])
    // its own callers got its own work's value; nobody else did
    expect(new Set(stale!.values.map((v) => JSON.stringify(v))).size).toBe(1)
    const values = everyValue(done).map((v) => JSON.stringify(v))
    expect(values).toHaveLength(others.length * CALLERS)
    expect(new Set(values).size).toBe(1)
    expect(values[0]).not.toBe(JSON.stringify(stale!.values[0]))
    expect(
      fleet
        .of('published', key)
        .filter((m) => m.published)
        .map((m) => m.from),
    ).toEqual([takeover])
    expect(done.flatMap((m) => m.errors)).toEqual([])
    expect(fleet.of('unhandled')).toEqual([])
  })

  it('Redis stops mid-flight: every caller falls back to local coalescing; Redis back: one flight again', async () => {
    const fleet = await start(client)
    fleet.run(`${client}-before`, CALLERS)
    await oneLeads(fleet, `${client}-before`)
    await fleets.server.stop()
    // the followers lose their subscription and run the work themselves,
    // once per process: local coalescing still holds
    await fleet.until(() => workers(fleet, `${client}-before`).length === SIZE)
    fleet.release(`${client}-before`)
    const down = await settled(fleet, `${client}-before`)
    expect(new Set(workers(fleet, `${client}-before`)).size).toBe(SIZE)
    expect(everyValue(down)).toHaveLength(SIZE * CALLERS)
    expect(down.flatMap((m) => m.errors)).toEqual([])
    expect(down.map((m) => m.stats.hits)).toEqual([99, 99, 99, 99])
    expect(down.reduce((sum, m) => sum + m.stats.remoteHits, 0)).toBe(0)

    // Redis back on the same port: each member reconnects, and shares flights again
    const connected = (index: number) => fleet.of('connected').filter((m) => m.from === index)
    const before = fleet.alive().map((index) => connected(index).length)
    await fleets.restart()
    await fleet.until(() =>
      fleet.alive().every((index) => connected(index).length > before[index]!),
    )
    fleet.run(`${client}-after`, CALLERS)
    await oneLeads(fleet, `${client}-after`)
    fleet.release(`${client}-after`)
    const up = await settled(fleet, `${client}-after`)
    expect(workers(fleet, `${client}-after`)).toHaveLength(1)
    expect(everyValue(up)).toHaveLength(SIZE * CALLERS)
    expect(up.flatMap((m) => m.errors)).toEqual([])
    expect(up.reduce((sum, m) => sum + m.stats.remoteHits, 0)).toBe(3)
    expect(fleet.of('unhandled')).toEqual([])
  })
})
