// redisCoordinator against a real redis-server, in this process, with both
// clients: the lease, the result, the waits, namespaces, bad values and bad
// input. Several processes are in fleet.test.ts.
import { Redis as IoRedis } from 'ioredis'
import { SharedCall } from 'shared-call'
import { redisCoordinator } from 'shared-call/redis'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { connect } from '../../src/redis/clients'
import { type RedisLeases, redisLeases } from '../../src/redis/coordinator'
import { deferred } from '../support/deferred'
import { type Redis, startRedis } from '../support/redis-server'
import { type Opened, openClient, openMonitor, unsubscribedFrom, waitingOn } from './clients'
import type { Client } from './fleet'

let server: Redis
let admin: IoRedis
const cleanup: (() => unknown)[] = []

beforeAll(async () => {
  server = await startRedis()
  admin = new IoRedis(server.url)
})
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
  await admin.flushall()
})
afterAll(async () => {
  admin?.disconnect()
  await server?.stop()
})

const open = async (kind: Client): Promise<Opened> => {
  const opened = await openClient(kind, server.url)
  cleanup.push(opened.close)
  return opened
}
const monitor = async () => {
  const opened = await openMonitor(server.url)
  cleanup.push(opened.close)
  return opened
}
/** The coordinator's raw lead, publish and wait on a fresh client. */
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

// Bytes that are not UTF-8: they must come back exactly.
const binary = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a, 0xf0])

describe.each<Client>(['node-redis', 'ioredis'])('%s', (kind) => {
  describe('lease', () => {
    it('SET NX PX: one holder at a time; only the holder renews or releases it', async () => {
      const leases = await leasesOn(kind)
      const first = await leases.lead('app:k', 5_000)
      expect(first).toBeDefined()
      expect(await leases.lead('app:k', 5_000)).toBeUndefined()
      expect(await admin.pttl('sc:lease:app:k')).toBeGreaterThan(0)
      expect(await first!.renew()).toBe(true)
      await first!.release()
      expect(await admin.exists('sc:lease:app:k')).toBe(0)
      // the old holder can neither renew nor release the next one's lease
      const second = await leases.lead('app:k', 5_000)
      expect(second).toBeDefined()
      expect(await first!.renew()).toBe(false)
      await first!.release()
      expect(await admin.exists('sc:lease:app:k')).toBe(1)
      await second!.release()
    })
  })

  describe('wait', () => {
    it('a late waiter gets the stored result, byte for byte', async () => {
      const leases = await leasesOn(kind)
      await leases.publish('app:k', binary, 5_000)
      const got = await leases.wait('app:k', new AbortController().signal)
      expect(got).toEqual(binary)
    })

    it('a subscribed waiter is woken by the published message, byte for byte', async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const watch = await monitor()
      const lease = await leader.lead('app:k', 10_000)
      const waiting = follower.wait('app:k', new AbortController().signal)
      // subscribed, and found no result: only the message can answer now
      await watch.seen(waitingOn('app:k'))
      await leader.publish('app:k', binary, 5_000)
      expect(await waiting).toEqual(binary)
      await lease!.release()
    })

    it("a new flight's waiter gets the new result, never the previous flight's kept one", async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const watch = await monitor()
      const old = await leader.lead('app:k', 10_000)
      await leader.publish('app:k', new Uint8Array([1]), 5_000)
      await old!.release()
      // the next flight of the same key, while the old result is still kept
      const lease = await leader.lead('app:k', 10_000)
      expect(await admin.exists('sc:result:app:k')).toBe(0)
      const waiting = follower.wait('app:k', new AbortController().signal)
      await watch.seen(waitingOn('app:k'))
      await leader.publish('app:k', new Uint8Array([2]), 5_000)
      expect(await waiting).toEqual(new Uint8Array([2]))
      await lease!.release()
    })

    it('resolves undefined at once when there is neither a result nor a lease', async () => {
      const leases = await leasesOn(kind)
      expect(await leases.wait('app:k', new AbortController().signal)).toBeUndefined()
    })

    it('resolves undefined when the lease is released without a result', async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const watch = await monitor()
      const lease = await leader.lead('app:k', 10_000)
      const waiting = follower.wait('app:k', new AbortController().signal)
      await watch.seen(waitingOn('app:k'))
      await lease!.release()
      expect(await waiting).toBeUndefined()
    })

    it('resolves undefined when a dead leader lease expires: no message ever comes', async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const watch = await monitor()
      // never renewed nor released, as by a process that died
      expect(await leader.lead('app:k', 300)).toBeDefined()
      const waiting = follower.wait('app:k', new AbortController().signal)
      expect(await waiting).toBeUndefined()
      expect(await admin.exists('sc:lease:app:k')).toBe(0)
      // it looked twice: once subscribed, once when the lease's PTTL ran out
      await watch.seen(waitingOn('app:k'), 2)
    })

    it('rejects when the signal aborts, and unsubscribes', async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const watch = await monitor()
      const lease = await leader.lead('app:k', 10_000)
      const controller = new AbortController()
      const waiting = follower.wait('app:k', controller.signal)
      await watch.seen(waitingOn('app:k'))
      controller.abort(new Error('caller left'))
      await expect(waiting).rejects.toThrow('caller left')
      await watch.seen(unsubscribedFrom('app:k'))
      await lease!.release()
    })

    it('shares one subscriber connection among all waits', async () => {
      const [leader, follower] = [await leasesOn(kind), await leasesOn(kind)]
      const watch = await monitor()
      const keys = Array.from({ length: 20 }, (_, i) => `app:k${i}`)
      const leases = await Promise.all(keys.map((key) => leader.lead(key, 10_000)))
      const controller = new AbortController()
      const waits = keys.map((key) => follower.wait(key, controller.signal))
      await Promise.all(keys.map((key) => watch.seen(waitingOn(key))))
      const subscribers = String(await admin.client('LIST'))
        .split('\n')
        .map((line) => Number(/ sub=(\d+)/.exec(line)?.[1] ?? 0))
        .filter((count) => count > 0)
      expect(subscribers).toEqual([20])
      controller.abort()
      await Promise.allSettled(waits)
      await Promise.all(leases.map((lease) => lease!.release()))
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
      await watch.seen(waitingOn('app:report'))
      gate.resolve({ total: 42 })
      expect(await Promise.all([leading, following])).toEqual([{ total: 42 }, { total: 42 }])
      expect(work).toHaveBeenCalledTimes(1)
      expect(b.getStats().remoteHits).toBe(1)
      expect(a.getStats().remoteHits).toBe(0)
    })

    it('two namespaces on one Redis never share a flight nor a key', async () => {
      const [a, b] = [await shared(kind, 'shop'), await shared(kind, 'blog')]
      const [gateA, gateB] = [deferred<string>(), deferred<string>()]
      const [startedA, startedB] = [deferred(), deferred()]
      const workA = vi.fn(() => {
        startedA.resolve()
        return gateA.promise
      })
      const workB = vi.fn(() => {
        startedB.resolve()
        return gateB.promise
      })
      const runs = [a.run('k', workA), b.run('k', workB)]
      // both lead at once: neither waits on the other's lease
      await Promise.all([startedA.promise, startedB.promise])
      gateA.resolve('shop')
      gateB.resolve('blog')
      expect(await Promise.all(runs)).toEqual(['shop', 'blog'])
      expect(workA).toHaveBeenCalledTimes(1)
      expect(workB).toHaveBeenCalledTimes(1)
      const keys = await admin.keys('sc:*')
      expect(keys).toEqual(expect.arrayContaining(['sc:result:blog:k', 'sc:result:shop:k']))
      expect(keys.every((key) => /^sc:(lease|result):(shop|blog):k$/.test(key))).toBe(true)
      expect(await admin.get('sc:result:shop:k')).not.toBe(await admin.get('sc:result:blog:k'))
    })

    it('a value the codec cannot encode: a clear TypeError for the leader, nothing for followers', async () => {
      const [a, b] = [await shared(kind), await shared(kind)]
      const watch = await monitor()
      const gate = deferred()
      const leading = a.run('k', () => gate.promise.then(() => new Map([[1, 2]])))
      const followerWork = vi.fn(async () => 'its own')
      const following = b.run('k', followerWork)
      await watch.seen(waitingOn('app:k'))
      gate.resolve()
      await expect(leading).rejects.toThrow(TypeError)
      await expect(leading).rejects.toThrow(/cannot be encoded.*Map/)
      // the follower saw the lease end without a result, and ran the work itself
      expect(await following).toBe('its own')
      expect(followerWork).toHaveBeenCalledTimes(1)
      expect(b.getStats().remoteHits).toBe(0)
    })

    it('falls back to local coalescing when the client is not connected', async () => {
      const opened = await openClient(kind, server.url)
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
        /timeoutMs must be a number of ms > 0/,
      )
      expect(() => redisCoordinator(client, { leaseMs: -1 })).toThrow(TypeError)
      expect(() => redisCoordinator(client, null as never)).toThrow(/options must be an object/)
    })
  })
})

it('a client that is neither node-redis nor ioredis is a TypeError that says what to pass', () => {
  for (const bad of [undefined, null, {}, 'redis://localhost', { get() {}, set() {} }]) {
    expect(() => redisCoordinator(bad as never)).toThrow(TypeError)
    expect(() => redisCoordinator(bad as never)).toThrow(/node-redis client.*ioredis client/)
  }
})
