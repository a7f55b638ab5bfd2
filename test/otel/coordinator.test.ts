import { SharedCall } from 'shared-call'
import { type Coordinator, defineCoordinator } from 'shared-call/coordinator'
import {
  ATTR_ROLE,
  instrumentCoordinator,
  instrumentSharedCall,
  METRIC_ACTIVE_FLIGHTS,
  METRIC_CALLS,
  METRIC_FALLBACKS,
  METRIC_FLIGHT_DURATION,
  METRIC_TAKEOVERS,
  SPAN_RUN,
} from 'shared-call/otel'
import { afterEach, describe, expect, it } from 'vitest'
import { memoryCoordinator } from '../coordinator/memory-coordinator'
import { deferred } from '../support/deferred'
import { metricsSdk, total, tracesSdk } from './sdk'

const sdks: { shutdown(): Promise<void> }[] = []
afterEach(async () => {
  for (const sdk of sdks.splice(0)) await sdk.shutdown()
})

/** One "process": an instance on `coordinator`, instrumented with providers of its own. */
const process_ = (coordinator: Coordinator, { instrumentTheCoordinator = true } = {}) => {
  const metrics = metricsSdk()
  const traces = tracesSdk()
  sdks.push(metrics, traces)
  const coordination = defineCoordinator(coordinator, { leaseMs: 60_000 })
  const shared = new SharedCall({
    coordinator: instrumentTheCoordinator ? instrumentCoordinator(coordination) : coordination,
    namespace: 'app',
  })
  instrumentSharedCall(shared, {
    meterProvider: metrics.provider,
    tracerProvider: traces.provider,
    namespace: 'app',
  })
  return { shared, collect: metrics.collect, named: traces.named }
}

/** The memory store, telling when some process waits on it. */
const store = () => {
  const memory = memoryCoordinator()
  const waiting = deferred()
  const coordinator: Coordinator = {
    lead: memory.lead,
    wait: (name, generation, signal) => {
      const result = memory.wait(name, generation, signal)
      waiting.resolve()
      return result
    },
  }
  return { coordinator, waiting: waiting.promise }
}

/** Three callers of `key` in `process`, running `work`. */
const three = (process: { shared: SharedCall }, key: string, work: () => Promise<string>) =>
  Promise.all([0, 1, 2].map(() => process.shared.run(key, work)))

describe('instrumentCoordinator', () => {
  it('counts a flight another process answered as remote, and its other callers as followers', async () => {
    const { coordinator, waiting } = store()
    const a = process_(coordinator)
    const b = process_(coordinator)
    const gate = deferred()
    const started = deferred()
    let runs = 0
    const work = async () => {
      runs++
      started.resolve()
      await gate.promise
      return 'report'
    }
    const inA = three(a, 'report', work)
    await started.promise // a holds the lease
    const inB = three(b, 'report', work)
    await waiting // b waits for a's result
    gate.resolve()
    expect([...(await inA), ...(await inB)]).toEqual(Array(6).fill('report'))

    expect(runs).toBe(1)
    const callsA = (await a.collect()).get(METRIC_CALLS)
    const callsB = (await b.collect()).get(METRIC_CALLS)
    expect([
      total(callsA, { [ATTR_ROLE]: 'leader' }),
      total(callsA, { [ATTR_ROLE]: 'follower' }),
      total(callsA, { [ATTR_ROLE]: 'remote' }),
    ]).toEqual([1, 2, 0])
    expect([
      total(callsB, { [ATTR_ROLE]: 'leader' }),
      total(callsB, { [ATTR_ROLE]: 'follower' }),
      total(callsB, { [ATTR_ROLE]: 'remote' }),
    ]).toEqual([0, 2, 1])
    // As the stats count them: b's starter was answered by a, a remote hit.
    expect(b.shared.getStats()).toMatchObject({ misses: 0, hits: 3, remoteHits: 1 })
    expect(b.named(SPAN_RUN)[0]!.attributes[ATTR_ROLE]).toBe('remote')
    expect(total((await b.collect()).get(METRIC_FLIGHT_DURATION), { [ATTR_ROLE]: 'remote' })).toBe(
      1,
    )
  })

  it('counts a takeover when the leader it waited for vanished, and marks it on the span', async () => {
    let leads = 0
    // A leader elsewhere holds generation 7, then its lease ends without a result.
    const vanished: Coordinator = {
      lead: async (_name, _leaseMs, waited) => {
        leads++
        if (waited === undefined) return { following: 7 }
        return {
          lease: {
            generation: 8,
            renew: async () => true,
            publish: async () => true,
            release: async () => {},
          },
        }
      },
      wait: async () => undefined,
    }
    const b = process_(vanished)
    expect(await b.shared.run('k', async () => 'ran here')).toBe('ran here')

    const metrics = await b.collect()
    expect(leads).toBe(2)
    expect(total(metrics.get(METRIC_TAKEOVERS))).toBe(1)
    expect(total(metrics.get(METRIC_FALLBACKS))).toBe(0)
    expect(total(metrics.get(METRIC_CALLS), { [ATTR_ROLE]: 'leader' })).toBe(1)
    expect(b.named(SPAN_RUN)[0]!.events.map((e) => e.name)).toEqual([
      'shared_call.coordinator.takeover',
    ])
  })

  it('counts a fallback when the coordinator fails and the work runs here', async () => {
    const down: Coordinator = {
      lead: async () => {
        throw new Error('ECONNREFUSED')
      },
      wait: async () => undefined,
    }
    const b = process_(down)
    expect(await b.shared.run('k', async () => 'ran here')).toBe('ran here')

    const metrics = await b.collect()
    expect(total(metrics.get(METRIC_FALLBACKS))).toBe(1)
    expect(total(metrics.get(METRIC_TAKEOVERS))).toBe(0)
    expect(total(metrics.get(METRIC_CALLS), { [ATTR_ROLE]: 'leader' })).toBe(1)
    expect(b.named(SPAN_RUN)[0]!.events.map((e) => e.name)).toEqual([
      'shared_call.coordinator.fallback',
    ])
  })

  it('counts neither for a flight led or answered as planned', async () => {
    const { coordinator } = store()
    const a = process_(coordinator)
    await a.shared.run('k', async () => 1)
    const metrics = await a.collect()
    expect(total(metrics.get(METRIC_TAKEOVERS)) + total(metrics.get(METRIC_FALLBACKS))).toBe(0)
  })

  it('without it, a remote flight still ends: counted as leader, timed, no longer active', async () => {
    const { coordinator, waiting } = store()
    const a = process_(coordinator)
    const b = process_(coordinator, { instrumentTheCoordinator: false })
    const gate = deferred()
    const started = deferred()
    const work = async () => {
      started.resolve()
      await gate.promise
      return 'report'
    }
    const inA = a.shared.run('r', work)
    await started.promise
    const inB = b.shared.run('r', work)
    await waiting
    gate.resolve()
    expect([await inA, await inB]).toEqual(['report', 'report'])

    const metrics = await b.collect()
    expect(b.shared.getStats().remoteHits).toBe(1)
    expect(total(metrics.get(METRIC_CALLS), { [ATTR_ROLE]: 'leader' })).toBe(1)
    expect(total(metrics.get(METRIC_FLIGHT_DURATION))).toBe(1)
    expect(total(metrics.get(METRIC_ACTIVE_FLIGHTS))).toBe(0)
  })

  it('keeps what else the coordinator has, and refuses what is not one', () => {
    let closed = 0
    const coordination = {
      ...defineCoordinator({ lead: async () => ({ following: 1 }), wait: async () => undefined }),
      close: () => {
        closed++
      },
    }
    const instrumented = instrumentCoordinator(coordination)
    instrumented.close()
    expect(closed).toBe(1)
    expect(() => instrumentCoordinator({} as never)).toThrow(
      "shared-call: instrumentCoordinator(coordinator): coordinator must be made by defineCoordinator from 'shared-call/coordinator' (or redisCoordinator, durableCoordinator, tabsCoordinator), got an object",
    )
  })
})
