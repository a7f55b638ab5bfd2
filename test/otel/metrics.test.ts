import { SharedCall, sharedFetch, TimeoutError } from 'shared-call'
import {
  ATTR_ERROR_TYPE,
  ATTR_KEY,
  ATTR_NAMESPACE,
  ATTR_OUTCOME,
  ATTR_ROLE,
  instrumentSharedCall,
  METRIC_ACTIVE_FLIGHTS,
  METRIC_CALLS,
  METRIC_ERRORS,
  METRIC_FLIGHT_DURATION,
} from 'shared-call/otel'
import { afterEach, describe, expect, it } from 'vitest'
import { startServer } from '../core/http-server'
import { deferred } from '../support/deferred'
import { metricsSdk, total } from './sdk'

const sdks: ReturnType<typeof metricsSdk>[] = []
afterEach(async () => {
  for (const sdk of sdks.splice(0)) await sdk.shutdown()
})

/** An instance instrumented with a MeterProvider of its own. */
const instrumented = (
  options: Parameters<typeof instrumentSharedCall>[1] = {},
  shared = new SharedCall(),
) => {
  const sdk = metricsSdk()
  sdks.push(sdk)
  const stop = instrumentSharedCall(shared, { meterProvider: sdk.provider, ...options })
  return { shared, stop, collect: sdk.collect }
}

describe('instrumentSharedCall: calls by role', () => {
  it('counts a burst of 100 callers of one key as 1 leader and 99 followers, as the stats do', async () => {
    const { shared, collect } = instrumented()
    const gate = deferred<string>()
    let runs = 0
    const calls = Array.from({ length: 100 }, () =>
      shared.run('report', () => {
        runs++
        return gate.promise
      }),
    )
    gate.resolve('done')
    expect(await Promise.all(calls)).toEqual(Array(100).fill('done'))

    const metrics = await collect()
    expect(runs).toBe(1)
    expect(total(metrics.get(METRIC_CALLS), { [ATTR_ROLE]: 'leader' })).toBe(1)
    expect(total(metrics.get(METRIC_CALLS), { [ATTR_ROLE]: 'follower' })).toBe(99)
    expect(total(metrics.get(METRIC_CALLS), { [ATTR_ROLE]: 'remote' })).toBe(0)
    const { hits, misses } = shared.getStats()
    expect(total(metrics.get(METRIC_CALLS))).toBe(hits + misses)
    // One flight, timed once, that ended well.
    expect(total(metrics.get(METRIC_FLIGHT_DURATION))).toBe(1)
    expect(total(metrics.get(METRIC_FLIGHT_DURATION), { [ATTR_OUTCOME]: 'ok' })).toBe(1)
    expect(metrics.get(METRIC_ERRORS) ?? []).toEqual([])
  })

  it('counts each call of run, join, group and sharedFetch once', async () => {
    const { shared, collect } = instrumented()
    const server = await startServer((_request, response) => {
      response.end('hello')
    })
    try {
      const gate = deferred()
      const work = async () => {
        await gate.promise
        return 1
      }
      const double = shared.group(async (n: number) => {
        await gate.promise
        return n * 2
      })
      const all = Promise.all([
        shared.run('a', work),
        shared.join('a', work).result,
        double(4),
        double(4),
        double(4),
        ...Array.from({ length: 4 }, () =>
          sharedFetch(server.url('/greeting'), { shared }).then((r) => r.text()),
        ),
      ])
      gate.resolve()
      server.open()
      expect(await all).toEqual([1, 1, 8, 8, 8, 'hello', 'hello', 'hello', 'hello'])
      expect(server.seen).toHaveLength(1)
    } finally {
      await server.close()
    }
    const calls = (await collect()).get(METRIC_CALLS)
    expect(total(calls, { [ATTR_ROLE]: 'leader' })).toBe(3)
    expect(total(calls, { [ATTR_ROLE]: 'follower' })).toBe(6)
  })

  it('does not count a caller whose signal had aborted already, as the stats do not', async () => {
    const { shared, collect } = instrumented()
    const left = AbortSignal.abort(new Error('gone'))
    await expect(shared.run('k', async () => 1, { signal: left })).rejects.toThrow('gone')
    expect(shared.getStats()).toMatchObject({ hits: 0, misses: 0 })
    expect(total((await collect()).get(METRIC_CALLS))).toBe(0)
  })

  it('tags every series with the namespace; sums two instances of one namespace', async () => {
    const sdk = metricsSdk()
    sdks.push(sdk)
    const shop = new SharedCall({ namespace: 'shop' })
    const alsoShop = new SharedCall({ namespace: 'shop' })
    const blog = new SharedCall({ namespace: 'blog' })
    instrumentSharedCall(shop, { meterProvider: sdk.provider, namespace: 'shop' })
    instrumentSharedCall(alsoShop, { meterProvider: sdk.provider, namespace: 'shop' })
    instrumentSharedCall(blog, { meterProvider: sdk.provider, namespace: 'blog' })
    await Promise.all([shop.run('k', async () => 1), shop.run('k', async () => 1)])
    await alsoShop.run('k', async () => 1)
    await blog.run('k', async () => 1)

    const calls = (await sdk.collect()).get(METRIC_CALLS) ?? []
    expect(total(calls, { [ATTR_NAMESPACE]: 'shop', [ATTR_ROLE]: 'leader' })).toBe(2)
    expect(total(calls, { [ATTR_NAMESPACE]: 'shop', [ATTR_ROLE]: 'follower' })).toBe(1)
    expect(total(calls, { [ATTR_NAMESPACE]: 'blog', [ATTR_ROLE]: 'leader' })).toBe(1)
    // One series per attribute set: the two `shop` instances share theirs.
    const shopLeaders = calls.filter(
      (p) => p.attributes[ATTR_NAMESPACE] === 'shop' && p.attributes[ATTR_ROLE] === 'leader',
    )
    expect(shopLeaders).toHaveLength(1)
  })
})

describe('instrumentSharedCall: flights', () => {
  it('counts a failed flight by error.type, once, and times it with outcome error', async () => {
    const { shared, collect } = instrumented()
    const gate = deferred()
    const failing = async () => {
      await gate.promise
      throw new RangeError('no such page')
    }
    const calls = [shared.run('p', failing), shared.run('p', failing), shared.run('p', failing)]
    gate.resolve()
    for (const call of calls) await expect(call).rejects.toThrow('no such page')

    const metrics = await collect()
    expect(total(metrics.get(METRIC_ERRORS))).toBe(1)
    expect(total(metrics.get(METRIC_ERRORS), { [ATTR_ERROR_TYPE]: 'RangeError' })).toBe(1)
    expect(total(metrics.get(METRIC_FLIGHT_DURATION), { [ATTR_OUTCOME]: 'error' })).toBe(1)
    expect(shared.getStats().errors).toBe(1)
  })

  it('a flight that timed out: outcome timeout, error.type TimeoutError, even if its work ends well later', async () => {
    const { shared, collect } = instrumented({}, new SharedCall({ timeout: 5 }))
    const late = deferred<string>()
    // Work that ignores its signal and ends well after the timeout.
    const call = shared.run('slow', () => late.promise)
    await expect(call).rejects.toBeInstanceOf(TimeoutError)
    late.resolve('too late')
    await late.promise

    const metrics = await collect()
    expect(total(metrics.get(METRIC_ERRORS), { [ATTR_ERROR_TYPE]: 'TimeoutError' })).toBe(1)
    expect(total(metrics.get(METRIC_FLIGHT_DURATION), { [ATTR_OUTCOME]: 'timeout' })).toBe(1)
    expect(total(metrics.get(METRIC_FLIGHT_DURATION), { [ATTR_OUTCOME]: 'ok' })).toBe(0)
  })

  it('a flight every caller left: outcome cancelled, not an error', async () => {
    const { shared, collect } = instrumented()
    const a = new AbortController()
    const b = new AbortController()
    const aborted = deferred()
    const work = (signal: AbortSignal) =>
      new Promise((_, reject) => {
        signal.addEventListener('abort', () => {
          reject(signal.reason)
          aborted.resolve()
        })
      })
    const calls = [
      shared.run('q', work, { signal: a.signal }),
      shared.run('q', work, { signal: b.signal }),
    ]
    a.abort(new Error('a left'))
    b.abort(new Error('b left'))
    await expect(calls[0]).rejects.toThrow('a left')
    await expect(calls[1]).rejects.toThrow('b left')
    await aborted.promise

    const metrics = await collect()
    expect(total(metrics.get(METRIC_FLIGHT_DURATION), { [ATTR_OUTCOME]: 'cancelled' })).toBe(1)
    expect(metrics.get(METRIC_ERRORS) ?? []).toEqual([])
    expect(total(metrics.get(METRIC_CALLS), { [ATTR_ROLE]: 'leader' })).toBe(1)
    expect(total(metrics.get(METRIC_CALLS), { [ATTR_ROLE]: 'follower' })).toBe(1)
  })

  it('reports the flights running now', async () => {
    const { shared, collect } = instrumented()
    const gate = deferred()
    const running = [shared.run('x', () => gate.promise), shared.run('y', () => gate.promise)]
    expect(total((await collect()).get(METRIC_ACTIVE_FLIGHTS))).toBe(2)
    gate.resolve()
    await Promise.all(running)
    expect(total((await collect()).get(METRIC_ACTIVE_FLIGHTS))).toBe(0)
  })
})

describe('instrumentSharedCall: keys', () => {
  const secret = 'user:4242:inbox'

  it('puts the key on no metric by default', async () => {
    const { shared, collect } = instrumented()
    await Promise.all([shared.run(secret, async () => 1), shared.run(secret, async () => 1)])
    const everything = JSON.stringify([...(await collect()).values()])
    expect(everything).not.toContain('4242')
    expect(everything).not.toContain(ATTR_KEY)
  })

  it('with recordKey, counts and times each key in series of its own', async () => {
    const { shared, collect } = instrumented({ recordKey: true })
    await Promise.all([shared.run(secret, async () => 1), shared.run(secret, async () => 1)])
    await shared.run('other', async () => 2)

    const metrics = await collect()
    const calls = metrics.get(METRIC_CALLS)
    expect(total(calls, { [ATTR_KEY]: secret, [ATTR_ROLE]: 'leader' })).toBe(1)
    expect(total(calls, { [ATTR_KEY]: secret, [ATTR_ROLE]: 'follower' })).toBe(1)
    expect(total(calls, { [ATTR_KEY]: 'other', [ATTR_ROLE]: 'leader' })).toBe(1)
    expect(total(metrics.get(METRIC_FLIGHT_DURATION), { [ATTR_KEY]: secret })).toBe(1)
  })
})

describe('instrumentSharedCall: on and off', () => {
  it('taken off, counts nothing more, and the instance has its own methods back', async () => {
    const { shared, stop, collect } = instrumented()
    await shared.run('k', async () => 1)
    expect(Object.hasOwn(shared, 'join')).toBe(true)
    expect(total((await collect()).get(METRIC_CALLS))).toBe(1)
    stop()
    await shared.run('k', async () => 1)
    // The series keeps what it had counted: the call after is not in it.
    expect(total((await collect()).get(METRIC_CALLS))).toBe(1)
    expect(Object.hasOwn(shared, 'join')).toBe(false)
    expect(Object.hasOwn(shared, 'run')).toBe(false)
    expect(shared.getStats().misses).toBe(2)
  })

  it('leaves bad calls to the core: the same TypeError, nothing counted', async () => {
    const { shared, collect } = instrumented()
    expect(() => shared.run('k', 'not work' as never)).toThrow(
      'shared-call: work must be a function (signal) => result, got "not work"',
    )
    expect(() => shared.run('', async () => 1)).toThrow(/key must be a non-empty string/)
    expect(total((await collect()).get(METRIC_CALLS))).toBe(0)
  })

  it('refuses what is not a SharedCall, and bad options, with a TypeError', () => {
    expect(() => instrumentSharedCall({} as SharedCall)).toThrow(
      'shared-call: instrumentSharedCall(shared): shared must be a SharedCall (new SharedCall(), or defaultSharedCall), got an object',
    )
    const shared = new SharedCall()
    expect(() => instrumentSharedCall(shared, { recordKey: 'yes' as never })).toThrow(
      'shared-call: recordKey must be a boolean, got "yes"',
    )
    expect(() => instrumentSharedCall(shared, { namespace: '' })).toThrow(
      /shared-call: namespace must be a non-empty string/,
    )
    expect(() => instrumentSharedCall(shared, { meterProvider: {} as never })).toThrow(
      'shared-call: meterProvider must be a MeterProvider (with getMeter), got an object',
    )
    expect(() => instrumentSharedCall(shared, { recordKeys: true } as never)).toThrow(
      'shared-call: instrumentSharedCall option "recordKeys" must be one of meterProvider, tracerProvider, namespace, recordKey, got "recordKeys"',
    )
    expect(Object.hasOwn(shared, 'join')).toBe(false)
  })
})
