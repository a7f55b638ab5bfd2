import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  type Coordinator,
  type CoordinatorOptions,
  defineCoordinator,
  jsonCodec,
} from '../../src/coordinator/index'
import { SharedCall } from '../../src/core/index'
import { deferred, flushMicrotasks } from '../support/deferred'
import { dyingLeader, memoryCoordinator } from './memory-coordinator'

afterEach(() => {
  vi.useRealTimers()
})

/** `count` SharedCall instances, standing for processes, on one coordinator. */
const fleet = (count: number, coordinator: Coordinator, namespace = 'app') =>
  Array.from({ length: count }, () => instance(coordinator, namespace))

/** One "process": a SharedCall whose flights coordinate through `coordinator`. */
const instance = (coordinator: Coordinator, namespace = 'app', options?: CoordinatorOptions) =>
  new SharedCall({ coordinator: defineCoordinator(coordinator, options), namespace })

describe('one flight across processes', () => {
  it('4 processes × 25 callers of one key: the work runs once in the whole fleet', async () => {
    const coordinator = memoryCoordinator()
    const processes = fleet(4, coordinator)
    const gate = deferred<{ report: number }>()
    const work = vi.fn(() => gate.promise)
    const calls = processes.flatMap((shared) =>
      Array.from({ length: 25 }, () => shared.run('report', work)),
    )
    await flushMicrotasks()
    gate.resolve({ report: 42 })
    const results = await Promise.all(calls)
    expect(work).toHaveBeenCalledTimes(1)
    expect(results.every((r) => r.report === 42)).toBe(true)
    // each process asked the coordinator once: local coalescing comes first
    expect(coordinator.calls.lead).toBe(4)
    const stats = processes.map((shared) => shared.getStats())
    expect(stats.map((s) => s.misses)).toEqual([1, 1, 1, 1])
    expect(stats.map((s) => s.hits)).toEqual([24, 24, 24, 24])
    expect(stats.reduce((sum, s) => sum + s.remoteHits, 0)).toBe(3)
  })

  it('carries undefined and plain data through the codec', async () => {
    const coordinator = memoryCoordinator()
    const [a, b] = fleet(2, coordinator)
    const gate = deferred()
    const first = a!.run('k', () => gate.promise.then(() => undefined))
    const second = b!.run('k', async () => 'must not run')
    await flushMicrotasks()
    gate.resolve()
    expect(await Promise.all([first, second])).toEqual([undefined, undefined])
  })

  it('namespaces keys, so two apps on one coordinator never share', async () => {
    const coordinator = memoryCoordinator()
    const work = vi.fn(async () => 1)
    await Promise.all([
      instance(coordinator, 'app-a').run('k', work),
      instance(coordinator, 'app-b').run('k', work),
    ])
    expect(work).toHaveBeenCalledTimes(2)
  })
})

describe('results belong to their flight', () => {
  it("a new flight's waiters get its result, not the one kept from the last flight", async () => {
    const coordinator = memoryCoordinator()
    const [a, b, c] = fleet(3, coordinator)
    expect(await a!.run('k', async () => 'old')).toBe('old')
    const gate = deferred<string>()
    const leading = b!.run('k', () => gate.promise)
    await flushMicrotasks()
    const waiting = c!.run('k', async () => 'must not run')
    await flushMicrotasks()
    gate.resolve('new')
    expect(await Promise.all([leading, waiting])).toEqual(['new', 'new'])
  })
})

describe('faults', () => {
  it('a leader that dies stops renewing; its lease expires and exactly one waiter takes over', async () => {
    vi.useFakeTimers()
    const coordinator = memoryCoordinator()
    const dead = instance(dyingLeader(coordinator), 'app', { leaseMs: 3000 })
    const [b, c] = [
      instance(coordinator, 'app', { leaseMs: 3000 }),
      instance(coordinator, 'app', { leaseMs: 3000 }),
    ]
    const neverEnds = dead.run('k', () => new Promise(() => {}))
    await flushMicrotasks()
    const work = vi.fn(async () => 'from a survivor')
    const survivors = [b!.run('k', work), c!.run('k', work), b!.run('k', work)]
    await vi.advanceTimersByTimeAsync(2999)
    expect(work).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(await Promise.all(survivors)).toEqual([
      'from a survivor',
      'from a survivor',
      'from a survivor',
    ])
    expect(work).toHaveBeenCalledTimes(1)
    void neverEnds
  })

  it('a leader whose work fails releases its lease, and a waiter runs the work itself', async () => {
    const coordinator = memoryCoordinator()
    const [a, b] = fleet(2, coordinator)
    const gate = deferred()
    const failing = a!.run('k', () => gate.promise.then(() => Promise.reject(new Error('db down'))))
    const waiting = b!.run('k', async () => 'recovered')
    await flushMicrotasks()
    gate.resolve()
    await expect(failing).rejects.toThrow('db down')
    await expect(waiting).resolves.toBe('recovered')
  })

  it('falls back to local coalescing when the coordinator fails: no error, no hang', async () => {
    const broken: Coordinator = {
      lead: async () => Promise.reject(new Error('ECONNREFUSED')),
      publish: async () => Promise.reject(new Error('ECONNREFUSED')),
      wait: async () => Promise.reject(new Error('ECONNREFUSED')),
    }
    const shared = instance(broken)
    const work = vi.fn(async () => 'local')
    expect(await Promise.all([shared.run('k', work), shared.run('k', work)])).toEqual([
      'local',
      'local',
    ])
    expect(work).toHaveBeenCalledTimes(1)
  })

  it('falls back when waiting fails', async () => {
    const coordinator = memoryCoordinator()
    const flaky: Coordinator = {
      ...coordinator,
      wait: async () => Promise.reject(new Error('timeout')),
    }
    const a = instance(coordinator)
    const b = instance(flaky)
    const gate = deferred<string>()
    const first = a.run('k', () => gate.promise)
    await flushMicrotasks()
    await expect(b.run('k', async () => 'ran locally')).resolves.toBe('ran locally')
    gate.resolve('leader')
    await first
  })

  it('gives up on a coordinator that never lets anyone lead nor answers, after a few rounds', async () => {
    const stuck: Coordinator = {
      lead: async () => undefined,
      publish: async () => {},
      wait: async () => undefined,
    }
    const lead = vi.spyOn(stuck, 'lead')
    const shared = instance(stuck)
    await expect(shared.run('k', async () => 'local at last')).resolves.toBe('local at last')
    expect(lead.mock.calls.length).toBeGreaterThan(1)
    expect(lead.mock.calls.length).toBeLessThan(10)
  })

  it('a value the codec cannot encode fails the leader clearly and never reaches a follower', async () => {
    const coordinator = memoryCoordinator()
    const [a, b] = fleet(2, coordinator)
    const gate = deferred()
    const leader = a!.run('k', () => gate.promise.then(() => new Map([['a', 1]])))
    const follower = b!.run('k', async () => 'its own work')
    await flushMicrotasks()
    gate.resolve()
    await expect(leader).rejects.toThrow(TypeError)
    await expect(leader).rejects.toThrow(/cannot be encoded \(JSON cannot carry a Map\).*codec/)
    await expect(follower).resolves.toBe('its own work')
    expect(coordinator.calls.publish).toBe(1)
  })

  it('a waiting caller that aborts leaves at once', async () => {
    const coordinator = memoryCoordinator()
    const [a, b] = fleet(2, coordinator)
    const gate = deferred<string>()
    const leading = a!.run('k', () => gate.promise)
    await flushMicrotasks()
    const controller = new AbortController()
    const waiting = b!.run('k', async () => 'x', { signal: controller.signal })
    await flushMicrotasks()
    controller.abort(new Error('gone'))
    await expect(waiting).rejects.toThrow('gone')
    expect(b!.getStats().active).toBe(0)
    gate.resolve('done')
    await leading
  })
})

describe('bad coordinator options', () => {
  it.each([
    [
      'a coordinator without wait',
      () => defineCoordinator({ lead() {}, publish() {} } as never),
      /lead, publish and wait/,
    ],
    [
      'a codec without decode',
      () => defineCoordinator(memoryCoordinator(), { codec: { encode() {} } as never }),
      /codec must be/,
    ],
    [
      'a negative leaseMs',
      () => defineCoordinator(memoryCoordinator(), { leaseMs: -1 }),
      /leaseMs/,
    ],
    ['an empty namespace', () => new SharedCall({ namespace: '' }), /namespace must be/],
    [
      'a plain object as coordinator',
      () => new SharedCall({ coordinator: memoryCoordinator() as never }),
      /defineCoordinator/,
    ],
  ])('%s', (_, make, message) => {
    expect(make).toThrow(TypeError)
    expect(make).toThrow(message)
  })
})

describe('jsonCodec', () => {
  it('carries bytes, undefined and nested plain data, and refuses what JSON would change', () => {
    const bytes = new Uint8Array([0, 1, 127, 128, 255])
    const value = { body: bytes, nested: [{ nothing: undefined, n: 1 }], text: '\u0000bytes' }
    const back = jsonCodec.decode(jsonCodec.encode(value)) as typeof value
    expect(back.body).toBeInstanceOf(Uint8Array)
    expect([...back.body]).toEqual([0, 1, 127, 128, 255])
    expect(back.nested).toEqual([{ n: 1 }])
    expect(back.text).toBe('\u0000bytes')
    expect(jsonCodec.decode(jsonCodec.encode(undefined))).toBeUndefined()
    for (const bad of [new Map(), new Set([1]), 1n, new (class Client {})()]) {
      expect(() => jsonCodec.encode({ bad })).toThrow(TypeError)
    }
  })
})
