// defineCoordinator beyond the contract suite (memory.test.ts runs that):
// coordinators that fail, a dead leader under fake timers, bad options, and
// the JSON codec.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  type Coordinator,
  type CoordinatorOptions,
  defineCoordinator,
  jsonCodec,
} from '../../src/coordinator/index'
import { SharedCall } from '../../src/core/index'
import { deferred, flushMicrotasks } from '../support/deferred'
import { memoryCoordinator } from './memory-coordinator'

afterEach(() => {
  vi.useRealTimers()
})

/** One "process": a SharedCall whose flights coordinate through `coordinator`. */
const instance = (coordinator: Coordinator, options?: CoordinatorOptions) =>
  new SharedCall({ coordinator: defineCoordinator(coordinator, options), namespace: 'app' })

/** The same store as seen by a process that dies while leading: it never renews, publishes nor releases. */
const dyingLeader = (coordinator: Coordinator): Coordinator => ({
  ...coordinator,
  lead: async (name, leaseMs, waited) => {
    const led = await coordinator.lead(name, leaseMs, waited)
    if (!('lease' in led)) return led
    const { generation } = led.lease
    return {
      lease: {
        generation,
        renew: async () => true,
        publish: async () => true,
        release: async () => {},
      },
    }
  },
})

describe('faults', () => {
  it('a leader that dies stops renewing; its lease expires and exactly one waiter takes over', async () => {
    vi.useFakeTimers()
    const store = memoryCoordinator()
    const dead = instance(dyingLeader(store), { leaseMs: 3000 })
    const [b, c] = [instance(store, { leaseMs: 3000 }), instance(store, { leaseMs: 3000 })]
    void dead.run('k', () => new Promise(() => {}))
    await flushMicrotasks()
    const work = vi.fn(async () => 'from a survivor')
    const survivors = [b.run('k', work), c.run('k', work), b.run('k', work)]
    await vi.advanceTimersByTimeAsync(2999)
    expect(work).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(await Promise.all(survivors)).toEqual(Array(3).fill('from a survivor'))
    expect(work).toHaveBeenCalledTimes(1)
  })

  it('falls back to local coalescing when the coordinator fails: no error, no hang', async () => {
    const broken: Coordinator = {
      lead: async () => Promise.reject(new Error('ECONNREFUSED')),
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
    const store = memoryCoordinator()
    const flaky: Coordinator = { ...store, wait: async () => Promise.reject(new Error('timeout')) }
    const [a, b] = [instance(store), instance(flaky)]
    const gate = deferred<string>()
    const first = a.run('k', () => gate.promise)
    await flushMicrotasks()
    await expect(b.run('k', async () => 'ran locally')).resolves.toBe('ran locally')
    gate.resolve('leader')
    await first
  })

  it('a leader whose publish fails lets go, and its callers still get the value', async () => {
    const store = memoryCoordinator()
    const failing: Coordinator = {
      ...store,
      lead: async (name, leaseMs, waited) => {
        const led = await store.lead(name, leaseMs, waited)
        if (!('lease' in led)) return led
        const { lease } = led
        return {
          lease: {
            generation: lease.generation,
            renew: () => lease.renew(),
            publish: async () => Promise.reject(new Error('ECONNRESET')),
            release: () => lease.release(),
          },
        }
      },
    }
    const [a, b] = [instance(failing), instance(store)]
    const gate = deferred<string>()
    const leading = a.run('k', () => gate.promise)
    await flushMicrotasks()
    const waiting = b.run('k', async () => 'its own')
    await flushMicrotasks()
    gate.resolve('leader')
    expect(await leading).toBe('leader')
    // the lease was released, so the waiter did not wait out leaseMs
    expect(await waiting).toBe('its own')
  })

  it('gives up on a coordinator that never lets anyone lead nor answers, after a few rounds', async () => {
    const stuck: Coordinator = {
      lead: async () => ({ following: 1 }),
      wait: async () => undefined,
    }
    const lead = vi.spyOn(stuck, 'lead')
    const shared = instance(stuck)
    await expect(shared.run('k', async () => 'local at last')).resolves.toBe('local at last')
    expect(lead.mock.calls.length).toBeGreaterThan(1)
    expect(lead.mock.calls.length).toBeLessThan(10)
    // after the first round it says which flight it waited on
    expect(lead.mock.calls.slice(1).every(([, , waited]) => waited === 1)).toBe(true)
  })

  it('a waiting caller that aborts leaves at once', async () => {
    const store = memoryCoordinator()
    const [a, b] = [instance(store), instance(store)]
    const gate = deferred<string>()
    const leading = a.run('k', () => gate.promise)
    await flushMicrotasks()
    const controller = new AbortController()
    const waiting = b.run('k', async () => 'x', { signal: controller.signal })
    await flushMicrotasks()
    controller.abort(new Error('gone'))
    await expect(waiting).rejects.toThrow('gone')
    expect(b.getStats().active).toBe(0)
    gate.resolve('done')
    await leading
  })
})

describe('bad coordinator options', () => {
  const store = memoryCoordinator()
  it.each([
    [
      'a coordinator without wait',
      () => defineCoordinator({ lead() {} } as never),
      'shared-call: coordinator must be an object with lead(name, leaseMs, waited) and wait(name, generation, signal) methods, got an object',
    ],
    [
      'no coordinator',
      () => defineCoordinator(undefined as never),
      'shared-call: coordinator must be an object with lead(name, leaseMs, waited) and wait(name, generation, signal) methods, got undefined',
    ],
    [
      'options that are not an object',
      () => defineCoordinator(store, 5 as never),
      'shared-call: coordinator options must be an object, got 5',
    ],
    [
      'a codec without decode',
      () => defineCoordinator(store, { codec: { encode() {} } as never }),
      'shared-call: codec must be an object with encode(value) and decode(bytes) methods, got an object',
    ],
    [
      'a negative leaseMs',
      () => defineCoordinator(store, { leaseMs: -1 }),
      'shared-call: leaseMs must be a number of ms > 0 (at most 2147483647), got -1',
    ],
    [
      'a resultTtlMs of 0',
      () => defineCoordinator(store, { resultTtlMs: 0 }),
      'shared-call: resultTtlMs must be a number of ms > 0 (at most 2147483647), got 0',
    ],
    [
      'a string shareErrors',
      () => defineCoordinator(store, { shareErrors: 'yes' as never }),
      'shared-call: shareErrors must be a boolean, got "yes"',
    ],
    [
      'a plain object as coordinator',
      () => new SharedCall({ coordinator: store as never }),
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
