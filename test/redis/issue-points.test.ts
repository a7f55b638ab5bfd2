// Issue 10's failures, reproduced in this process on a real redis-server
// through the public API (SharedCall, redisCoordinator, plain Redis
// commands; for point 2, one command of the Redis coordinator's own, whose
// call is the same before and after), so the same file shows them failing
// on the code before the fix.
// The contract suite (coordinator.test.ts) covers the same ground in depth.
import { SharedCall } from 'shared-call'
import { type CoordinatorOptions, jsonCodec } from 'shared-call/coordinator'
import { redisCoordinator } from 'shared-call/redis'
import { describe, expect, it, vi } from 'vitest'
import { connect } from '../../src/redis/connect'
import { redisLeases } from '../../src/redis/coordinator'
import { deferred } from '../support/deferred'
import { openClient, openMonitor } from './clients'
import type { Client } from './fleet'
import { redisForTests } from './server'

const redis = redisForTests()
const { cleanup } = redis

const monitor = async () => {
  const opened = await openMonitor(redis.url)
  cleanup.push(opened.close)
  return opened
}
const subscribe = (args: string[]) => args[0]?.toLowerCase() === 'subscribe'

/** Blocks this process, as a GC pause or SIGSTOP would: timers and sockets wait. */
const pause = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {}
}

/** Starts a flight whose work the test ends; resolves once the work runs. */
const leading = async <T>(shared: SharedCall, key: string) => {
  const gate = deferred<T>()
  const started = deferred()
  const run = shared.run(key, () => {
    started.resolve()
    return gate.promise
  })
  await started.promise
  run.catch(() => {}) // observed by the test, maybe after another await
  return { run, resolve: gate.resolve, reject: gate.reject }
}

describe.each<Client>(['node-redis', 'ioredis'])('%s', (kind) => {
  /** One "process": a SharedCall on its own client. */
  const process = async (
    namespace = 'app',
    options: CoordinatorOptions & { timeoutMs?: number } = {},
  ) => {
    const opened = await openClient(kind, redis.url)
    const coordinator = redisCoordinator(opened.client, options)
    cleanup.push(opened.close, coordinator.close)
    return new SharedCall({ coordinator, namespace })
  }

  it('point 1: a leader whose lease ran out cannot hand its stale value to the next flight', async () => {
    const [paused, next, joining] = [await process(), await process(), await process()]
    const watch = await monitor()
    const stale = await leading<string>(paused, 'k')
    // the lease runs out while its holder is paused (its renewals never reach Redis)
    const [lease] = (await redis.admin.keys('sc:*')).filter((key) => key.includes('lease'))
    await redis.admin.del(lease!)
    const fresh = await leading<string>(next, 'k')
    const work = vi.fn(async () => 'must not run')
    const joined = joining.run('k', work)
    await watch.seen(subscribe)
    // the paused leader resumes and finishes first
    stale.resolve('stale')
    expect(await stale.run).toBe('stale')
    fresh.resolve('fresh')
    expect(await fresh.run).toBe('fresh')
    expect(await joined).toBe('fresh')
    expect(work).not.toHaveBeenCalled()
  })

  it('point 2: a reply that arrived during a pause is read before its timeout is called', async () => {
    // One command with a 50 ms timeout, and only that one: every other
    // command here may take what a loaded machine makes it take.
    const opened = await openClient(kind, redis.url)
    cleanup.push(opened.close)
    const leases = redisLeases(connect(opened.client)!, 50)
    const asked = leases.lead('3:app:k', 10_000)
    // the command goes out (node-redis writes in a setImmediate), then the
    // process stops for far longer than the timeout while Redis answers
    await new Promise((resolve) => setImmediate(resolve))
    pause(500)
    await expect(asked).resolves.toBeTruthy()
  })

  it("point 4: the leader's error reaches a waiting process, which does not run the work again", async () => {
    const [leader, waiter] = [await process(), await process()]
    const watch = await monitor()
    const flight = await leading<string>(leader, 'k')
    const work = vi.fn(async () => 'ran again')
    const waiting = waiter.run('k', work)
    await watch.seen(subscribe)
    flight.reject(Object.assign(new Error('upstream down'), { status: 503 }))
    const [local, remote] = await Promise.all([flight.run, waiting].map((p) => p.catch((e) => e)))
    expect(local).toMatchObject({ message: 'upstream down', status: 503 })
    expect(remote).toMatchObject({ message: 'upstream down', status: 503 })
    expect(work).not.toHaveBeenCalled()
  })

  it('point 5: namespace "app" + key "x:k" and namespace "app:x" + key "k" never share a flight', async () => {
    const [a, b] = [await process('app'), await process('app:x')]
    const watch = await monitor()
    const one = await leading<string>(a, 'x:k')
    const started = deferred()
    const two = b.run('k', async () => {
      started.resolve()
      return 'for app:x + k'
    })
    // b either leads (right) or follows a (wrong)
    await Promise.race([started.promise, watch.seen(subscribe)])
    one.resolve('for app + x:k')
    expect(await Promise.all([one.run, two])).toEqual(['for app + x:k', 'for app:x + k'])
  })

  it('point 5: keys with lone surrogates are a TypeError, not a flight shared with another key', async () => {
    const [a, b] = [await process(), await process()]
    const work = vi.fn(async () => 'ran')
    // The core refuses them synchronously, before any flight or Redis command.
    expect(() => a.run('k\uD800', work)).toThrow(TypeError)
    expect(() => b.run('k\uDBFF', work)).toThrow(TypeError)
    expect(work).not.toHaveBeenCalled()
  })

  it('point 8: a codec that cannot decode makes the waiting process run the work itself, never a SyntaxError', async () => {
    const leader = await process()
    const waiter = await process('app', {
      codec: {
        encode: jsonCodec.encode,
        decode: () => {
          throw new SyntaxError('Unexpected token')
        },
      },
    })
    const watch = await monitor()
    const flight = await leading<string>(leader, 'k')
    const waiting = waiter.run('k', async () => 'its own')
    await watch.seen(subscribe)
    flight.resolve('from the leader')
    expect(await flight.run).toBe('from the leader')
    expect(await waiting).toBe('its own')
  })
})
