// redisCoordinator against a real redis-server, in this process, with both
// clients: the coordinator contract suite, then what is Redis's own (names
// and hash tags, keys that expire, replies read after a pause, a lease
// granted after its request timed out, one subscriber connection, options).
// Several processes are in fleet.test.ts.
import type { Redis as IoRedis } from 'ioredis'
import { SharedCall } from 'shared-call'
import { redisCoordinator } from 'shared-call/redis'
import { describe, expect, it, vi } from 'vitest'
import { connect } from '../../src/redis/connect'
import { type RedisLeases, redisLeases } from '../../src/redis/coordinator'
import { names } from '../../src/redis/scripts'
import { coordinatorContract } from '../coordinator/contract'
import { staying } from '../coordinator/contract-kit'
import { deferred } from '../support/deferred'
import { flightName, type Opened, openClient, openMonitor, scriptsOf, waitingOn } from './clients'
import type { Client } from './fleet'
import { redisForTests } from './server'

const redis = redisForTests()
const { cleanup } = redis

const open = async (kind: Client): Promise<Opened> => {
  const opened = await openClient(kind, redis.url)
  cleanup.push(opened.close)
  return opened
}
const monitor = async () => {
  const opened = await openMonitor(redis.url)
  cleanup.push(opened.close)
  return opened
}
/** The coordinator's raw lead and wait on a fresh client: one "process". */
const leasesOn = async (kind: Client, timeoutMs = 1_000): Promise<RedisLeases> => {
  const { client } = await open(kind)
  const leases = redisLeases(connect(client)!, timeoutMs)
  cleanup.push(leases.close)
  return leases
}
const shared = async (kind: Client, namespace = 'app') => {
  const { client } = await open(kind)
  const coordinator = redisCoordinator(client)
  return new SharedCall({ coordinator, namespace })
}
const leaseOf = async (leases: RedisLeases, name: string, leaseMs = 10_000) => {
  const led = await leases.lead(name, leaseMs)
  if (!('lease' in led)) throw new Error(`no lease: ${JSON.stringify(led)}`)
  return led.lease
}

/** What Redis Cluster hashes: the part between the first `{` and the next `}`, if not empty. */
const hashTag = (key: string) => {
  const open = key.indexOf('{')
  const close = key.indexOf('}', open + 1)
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key
}

describe.each<Client>(['node-redis', 'ioredis'])('%s', (kind) => {
  coordinatorContract(`redis (${kind})`, () => leasesOn(kind))

  describe('names', () => {
    it("a name's lease, result, counter and channel share one hash tag, with braces escaped", async () => {
      for (const name of ['3:app:k', '3:app:{k}', '3:a}p:k{', '3:app:%7Bk%7D', '3:app:é😀']) {
        const all = Object.values(names(name))
        expect(new Set(all.map(hashTag)).size).toBe(1)
        expect(hashTag(all[0]!)).not.toMatch(/[{}]/)
      }
      const tags = ['3:app:{k}', '3:app:%7Bk%7D', '3:app:%257Bk%257D'].map((name) =>
        hashTag(names(name).lease),
      )
      expect(new Set(tags).size).toBe(3)
    })

    it('every key a flight leaves has a TTL, and the counter outlives the lease and the result', async () => {
      const leases = await leasesOn(kind)
      const name = flightName('app', 'ttl')
      const lease = await leaseOf(leases, name, 4_000)
      expect(await redis.admin.pttl(names(name).counter)).toBeGreaterThanOrEqual(
        await redis.admin.pttl(names(name).lease),
      )
      await lease.publish(new Uint8Array([1]), 8_000)
      const keys = await redis.admin.keys('sc:*')
      expect(keys.sort()).toEqual([names(name).counter, names(name).result].sort())
      for (const key of keys) expect(await redis.admin.pttl(key)).toBeGreaterThan(0)
      expect(await redis.admin.pttl(names(name).counter)).toBeGreaterThanOrEqual(
        await redis.admin.pttl(names(name).result),
      )
    })

    it('a counter that expired or was evicted restarts above every generation handed out', async () => {
      const leases = await leasesOn(kind)
      const name = flightName('app', 'evicted')
      const generations: number[] = []
      for (let i = 0; i < 3; i++) {
        const lease = await leaseOf(leases, name)
        generations.push(lease.generation)
        if (i < 2) await lease.publish(new Uint8Array([i]), 10_000)
        else await lease.release()
        await redis.admin.del(names(name).counter)
      }
      await redis.admin.del(names(name).result)
      generations.push((await leaseOf(leases, name)).generation)
      expect(generations).toEqual([...generations].sort((a, b) => a - b))
      expect(new Set(generations).size).toBe(4)
      // plain digits, though Lua prints a 16-digit number in exponent form
      expect(await redis.admin.get(names(name).counter)).toBe(String(generations[3]))
    })

    it('a counter set back, as by a failover that lost its last writes, still hands out a greater generation (issue 18, point 3)', async () => {
      const leases = await leasesOn(kind)
      const name = flightName('app', 'set-back')
      const first = await leaseOf(leases, name)
      await first.release()
      const second = await leaseOf(leases, name)
      await second.release()
      // the replica promoted had the counter as it was before the second lease
      await redis.admin.set(names(name).counter, String(first.generation))
      const third = await leaseOf(leases, name)
      expect(third.generation).toBeGreaterThan(second.generation)
    })
  })

  describe('a timed-out lead (issue 10, point 2; the pause itself: issue-points.test.ts)', () => {
    it('a lease granted after its request timed out is released by its token', async () => {
      const [late, next] = [await leasesOn(kind, 50), await leasesOn(kind)]
      const watch = await monitor()
      const name = flightName('app', 'late-lease')
      // Redis holds every write for 300 ms: the lead times out here, then runs there
      await redis.admin.call('CLIENT', 'PAUSE', '300', 'WRITE')
      await expect(late.lead(name, 60_000)).rejects.toThrow(/no answer within 50 ms/)
      // MONITOR shows what ran once Redis let go: the LEAD, then the RELEASE of its lease
      await watch.seen(scriptsOf(name).lead)
      await watch.seen(scriptsOf(name).release)
      expect(await redis.admin.exists(names(name).lease)).toBe(0)
      const led = await next.lead(name, 60_000)
      expect('lease' in led).toBe(true)
    })
  })

  describe('wait', () => {
    it('looks again when the lease runs out: once subscribed, once at the lease PTTL', async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const watch = await monitor()
      const name = flightName('app', 'k')
      // never renewed nor released, as by a process that died
      const lease = await leaseOf(leader, name, 300)
      expect(
        await follower.wait(name, lease.generation, new AbortController().signal),
      ).toBeUndefined()
      expect(await redis.admin.exists(names(name).lease)).toBe(0)
      await watch.seen(waitingOn(name), 2)
    })

    it('a subscriber that could not subscribe in time is dropped with what it held: the next wait subscribes afresh', async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const name = flightName('app', 'resubscribe')
      const lease = await leaseOf(leader, name)
      // Redis answers nothing for 1.5 s: the first wait cannot subscribe within the 1 s timeout
      await redis.admin.call('CLIENT', 'PAUSE', '1500', 'ALL')
      await expect(follower.wait(name, lease.generation, staying())).rejects.toThrow(
        /no answer within 1000 ms/,
      )
      const watch = await monitor()
      await redis.admin.ping() // answered once the pause is over
      const waiting = follower.wait(name, lease.generation, staying())
      // it looks (WAIT) once subscribed: a reused failed subscription would reject at once
      await Promise.race([watch.seen(waitingOn(name)), waiting])
      await lease.publish(new Uint8Array([7]), 10_000)
      expect(await waiting).toEqual({ generation: lease.generation, bytes: new Uint8Array([7]) })
    })

    it('a wait whose connections drop (a restart, a failover) listens and looks again once its client is ready, and gets the result (issue 18, point 3)', async () => {
      const leader = await leasesOn(kind)
      const { client } = await open(kind)
      const follower = redisLeases(connect(client)!, 1_000)
      cleanup.push(follower.close)
      const watch = await monitor()
      const name = flightName('app', 'reconnected')
      // a lease that outlives the test: only a look on 'ready' can find the result in time
      const lease = await leaseOf(leader, name, 60_000)
      const waiting = follower.wait(name, lease.generation, staying())
      await watch.seen(waitingOn(name))
      // the follower's connections drop: its command connection and every subscriber
      const id = String(await connect(client)!.command(['CLIENT', 'ID'], name))
      const ready = new Promise((resolve) => (client as IoRedis).once('ready', resolve))
      await redis.admin.client('KILL', 'ID', id)
      await redis.admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')
      await ready
      // it subscribes afresh and looks again (a result published meanwhile is found stored)
      await watch.seen(waitingOn(name), 2)
      expect(await lease.publish(new Uint8Array([42]), 60_000)).toBe(true)
      expect(await waiting).toEqual({ generation: lease.generation, bytes: new Uint8Array([42]) })
    })

    it('a wait whose subscriber alone drops, its client still connected, listens and looks again at once, and gets the result', async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const watch = await monitor()
      const name = flightName('app', 'subscriber-dropped')
      // a lease that outlives the test: only a look after the drop can find the result in time
      const lease = await leaseOf(leader, name, 60_000)
      const waiting = follower.wait(name, lease.generation, staying())
      await watch.seen(waitingOn(name))
      // also the order of a restart whose command connection was ready again before the drop was noticed
      await redis.admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')
      await watch.seen(waitingOn(name), 2)
      expect(await lease.publish(new Uint8Array([9]), 60_000)).toBe(true)
      expect(await waiting).toEqual({ generation: lease.generation, bytes: new Uint8Array([9]) })
    })

    it('a publish sent while the leader’s client reconnects (a failover) is sent once it is ready: the waiter gets the result, not the lease’s end (issue 18, point 3)', async () => {
      const { client } = await open(kind)
      const leader = redisLeases(connect(client)!, 1_000)
      cleanup.push(leader.close)
      const follower = await leasesOn(kind)
      const watch = await monitor()
      const name = flightName('app', 'publish-reconnecting')
      // a lease that outlives the test: only the publish can end the wait in time
      const lease = await leaseOf(leader, name, 60_000)
      const waiting = follower.wait(name, lease.generation, staying())
      await watch.seen(waitingOn(name))
      // the leader's connection drops; its work ends while the client reconnects
      const id = String(await connect(client)!.command(['CLIENT', 'ID'], name))
      const published = new Promise<boolean>((resolve, reject) =>
        (client as IoRedis).once('reconnecting', () => {
          expect(connect(client)!.ready()).toBe(false)
          lease.publish(new Uint8Array([5]), 60_000).then(resolve, reject)
        }),
      )
      await redis.admin.client('KILL', 'ID', id)
      expect(await published).toBe(true)
      expect(await waiting).toEqual({ generation: lease.generation, bytes: new Uint8Array([5]) })
    })

    it('shares one subscriber connection and one inbox channel among all waits: no SUBSCRIBE per flight', async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const watch = await monitor()
      const keys = Array.from({ length: 20 }, (_, i) => flightName('app', `k${i}`))
      const leases = await Promise.all(keys.map((key) => leaseOf(leader, key)))
      // One signal per wait, as defineCoordinator gives each wait its own: a
      // signal shared by 20 waits would hold 20 abort listeners at once.
      const controllers = keys.map(() => new AbortController())
      // Subscribers by client id: an earlier test's may still be closing,
      // and is no subscriber of this follower's.
      const subscribed = async () =>
        String(await redis.admin.client('LIST'))
          .split('\n')
          .map((line) => [/^id=(\d+)/.exec(line)?.[1], Number(/ sub=(\d+)/.exec(line)?.[1] ?? 0)])
          .filter(([, count]) => Number(count) > 0)
      const before = new Set((await subscribed()).map(([id]) => id))
      const waits = keys.map((key, i) =>
        follower.wait(key, leases[i]!.generation, controllers[i]!.signal),
      )
      await Promise.all(keys.map((key) => watch.seen(waitingOn(key))))
      const subscribers = (await subscribed())
        .filter(([id]) => !before.has(id))
        .map(([, count]) => count)
      expect(subscribers).toEqual([1])
      for (const controller of controllers) controller.abort()
      await Promise.allSettled(waits)
      await Promise.all(leases.map((lease) => lease.release()))
      // the next flights wait through the same inbox, never subscribing again
      const again = await Promise.all(keys.map((key) => leaseOf(leader, key)))
      const waitsAgain = keys.map((key, i) =>
        follower.wait(key, again[i]!.generation, new AbortController().signal),
      )
      await Promise.all(again.map((lease) => lease.publish(new Uint8Array([1]), 10_000)))
      expect(await Promise.all(waitsAgain)).toHaveLength(20)
      expect(watch.commands().filter((args) => /subscribe$/i.test(args[0]!))).toEqual([
        ['subscribe', expect.stringMatching(/^sc:inbox:/)],
      ])
    })
  })

  describe('SharedCall with redisCoordinator', () => {
    it('a second process gets the leader result as a remote hit; the work runs once', async () => {
      const [a, b] = [await shared(kind), await shared(kind)]
      const watch = await monitor()
      const gate = deferred<{ total: number }>()
      const work = vi.fn(() => gate.promise)
      const leading = a.run('report', work)
      const following = b.run('report', work)
      await watch.seen(waitingOn(flightName('app', 'report')))
      gate.resolve({ total: 42 })
      expect(await Promise.all([leading, following])).toEqual([{ total: 42 }, { total: 42 }])
      expect(work).toHaveBeenCalledTimes(1)
      expect(b.getStats().remoteHits).toBe(1)
      expect(a.getStats().remoteHits).toBe(0)
    })

    it('two namespaces on one Redis never share a flight nor a key', async () => {
      const [a, b] = [await shared(kind, 'shop'), await shared(kind, 'blog')]
      expect(
        await Promise.all([a.run('k', async () => 'shop'), b.run('k', async () => 'blog')]),
      ).toEqual(['shop', 'blog'])
      const results = [names(flightName('shop', 'k')).result, names(flightName('blog', 'k')).result]
      expect(await redis.admin.keys('sc:*:result')).toEqual(expect.arrayContaining(results))
      expect(await redis.admin.get(results[0]!)).not.toBe(await redis.admin.get(results[1]!))
    })

    it('falls back to local coalescing when the client is not connected', async () => {
      const opened = await openClient(kind, redis.url)
      const local = new SharedCall({ coordinator: redisCoordinator(opened.client) })
      await opened.close()
      const work = vi.fn(async () => 'local')
      expect(await Promise.all([local.run('k', work), local.run('k', work)])).toEqual([
        'local',
        'local',
      ])
      expect(work).toHaveBeenCalledTimes(1)
    })

    it('bad options are TypeErrors that say what to pass', async () => {
      const { client } = await open(kind)
      expect(() => redisCoordinator(client, { timeoutMs: 0 })).toThrow(
        'shared-call: timeoutMs must be a number of ms > 0 (at most 2147483647), got 0',
      )
      expect(() => redisCoordinator(client, { leaseMs: -1 })).toThrow(TypeError)
      expect(() => redisCoordinator(client, null as never)).toThrow(
        'shared-call: redisCoordinator(client, options): options must be an object, got null',
      )
    })

    it("a misspelt option names the one meant, its own or every coordinator's", async () => {
      const { client } = await open(kind)
      expect(() => redisCoordinator(client, { timeoutMS: 500 } as never)).toThrow(
        new TypeError(
          'shared-call: redisCoordinator options.timeoutMS must be a known option (did you mean `timeoutMs`?), got 500',
        ),
      )
      expect(() => redisCoordinator(client, { leaseMS: 500 } as never)).toThrow(
        'shared-call: redisCoordinator options.leaseMS must be a known option (did you mean `leaseMs`?), got 500',
      )
      expect(() => redisCoordinator(client, { url: 'redis://x' } as never)).toThrow(
        'shared-call: redisCoordinator options.url must be a known option (one of timeoutMs, codec, leaseMs, resultTtlMs, shareErrors), got "redis://x"',
      )
    })
  })
})

it('a client that is neither node-redis nor ioredis is a TypeError that says what to pass', () => {
  for (const bad of [undefined, null, {}, 'redis://localhost', { get() {}, set() {} }]) {
    expect(() => redisCoordinator(bad as never)).toThrow(TypeError)
    expect(() => redisCoordinator(bad as never)).toThrow(
      /^shared-call: redisCoordinator\(client\): client must be a node-redis client .* or an ioredis client .*, got /,
    )
  }
})
