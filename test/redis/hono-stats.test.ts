// Issue 23 across a fleet: three "processes" (each its own Redis client,
// SharedCall and Hono app) behind one real redis-server. Every request counts
// once, as its x-shared-call header says, and a flight another process
// answered counts its starter as a (remote) hit, not as a miss: the fleet's
// misses are the handler runs.
import { Hono } from 'hono'
import { SharedCall, type SharedCallStats } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { redisCoordinator } from 'shared-call/redis'
import { describe, expect, it } from 'vitest'
import { counter, deferred, statsReach } from '../hono/helpers'
import { openClient } from './clients'
import type { Client } from './fleet'
import { redisForTests } from './server'

const redis = redisForTests()

describe.each<Client>(['node-redis', 'ioredis'])('sharedCall() on a Redis fleet (%s)', (kind) => {
  it('30 requests to 3 processes: one handler run, one miss, 29 hits of which 2 remote; headers agree', async () => {
    const runs = counter()
    const gate = deferred()
    const member = async () => {
      const { client, close } = await openClient(kind, redis.url)
      const coordinator = redisCoordinator(client)
      redis.cleanup.push(close, () => coordinator.close())
      const shared = new SharedCall({ coordinator })
      const app = new Hono()
      app.use('*', sharedCall({ shared }))
      app.get('/report', async (c) => {
        runs.hit()
        await gate.promise
        return c.json({ run: runs.count })
      })
      return { app, shared }
    }
    const fleet = [await member(), await member(), await member()]
    const request = (i: number) => fleet[i]!.app.request('/report')

    // The first process leads the fleet; the two others ask Redis once the lease is taken.
    const first = Array.from({ length: 10 }, () => request(0))
    await runs.reached(1)
    const others = [1, 2].flatMap((i) => Array.from({ length: 10 }, () => request(i)))
    for (const { shared } of fleet) await statsReach(shared, (s) => s.hits + s.misses === 10)
    gate.resolve()
    const responses = await Promise.all([...first, ...others])

    expect(runs.count).toBe(1)
    for (const response of responses) expect(await response.json()).toEqual({ run: 1 })
    const stats = fleet.map(({ shared }) => shared.getStats())
    const sum = (field: keyof SharedCallStats) => stats.reduce((total, s) => total + s[field], 0)
    expect([sum('misses'), sum('hits'), sum('passes'), sum('remoteHits')]).toEqual([1, 29, 0, 2])
    // Process by process, request by request: leader = miss, follower = hit.
    for (const [i, { misses, hits, passes }] of stats.entries()) {
      const roles = responses.slice(10 * i, 10 * i + 10).map((r) => r.headers.get('x-shared-call'))
      expect({
        leader: roles.filter((r) => r === 'leader').length,
        follower: roles.filter((r) => r === 'follower').length,
        pass: roles.filter((r) => r === 'pass').length,
      }).toEqual({ leader: misses, follower: hits, pass: passes })
    }
    expect(stats.map((s) => s.hitRate)).toEqual([0.9, 1, 1])
  })
})
