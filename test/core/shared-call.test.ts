import { describe, expect, it, vi } from 'vitest'
import { SharedCall } from '../../src/core/index'
import { deferred, flushMicrotasks } from '../support/deferred'

describe('leader and followers', () => {
  it('runs the work once for 100 concurrent callers and gives all the same result', async () => {
    const shared = new SharedCall()
    const gate = deferred<{ id: number }>()
    const work = vi.fn(() => gate.promise)
    const calls = Array.from({ length: 100 }, () => shared.run('user:42', work))
    gate.resolve({ id: 42 })
    const results = await Promise.all(calls)
    expect(work).toHaveBeenCalledTimes(1)
    expect(new Set(results).size).toBe(1)
    expect(results[0]).toEqual({ id: 42 })
    expect(shared.getStats()).toEqual({
      hits: 99,
      misses: 1,
      passes: 0,
      errors: 0,
      active: 0,
      remoteHits: 0,
      hitRate: 0.99,
    })
  })

  it('keeps different keys apart', async () => {
    const shared = new SharedCall()
    const work = vi.fn(async (signal: AbortSignal) => signal.aborted)
    await Promise.all([shared.run('a', work), shared.run('b', work), shared.run('a', work)])
    expect(work).toHaveBeenCalledTimes(2)
    expect(shared.getStats()).toMatchObject({ hits: 1, misses: 2 })
  })

  it('starts fresh once a flight settled (no caching by default)', async () => {
    const shared = new SharedCall()
    let n = 0
    expect(await shared.run('k', async () => ++n)).toBe(1)
    expect(await shared.run('k', async () => ++n)).toBe(2)
  })

  it('counts active flights while they run', async () => {
    const shared = new SharedCall()
    const a = deferred()
    const b = deferred()
    const running = [shared.run('a', () => a.promise), shared.run('b', () => b.promise)]
    expect(shared.getStats().active).toBe(2)
    a.resolve()
    await running[0]
    expect(shared.getStats().active).toBe(1)
    b.resolve()
    await running[1]
    expect(shared.getStats().active).toBe(0)
  })

  it('accepts work that returns a plain value', async () => {
    const shared = new SharedCall()
    await expect(shared.run('k', () => 7)).resolves.toBe(7)
  })
})

describe('errors', () => {
  it('rejects every waiter with the same error and lets the next call lead again', async () => {
    const shared = new SharedCall()
    const gate = deferred<string>()
    const boom = new Error('db down')
    const work = vi.fn(() => gate.promise)
    const calls = Array.from({ length: 10 }, () => shared.run('k', work))
    gate.reject(boom)
    const outcomes = await Promise.allSettled(calls)
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason === boom)).toBe(true)
    expect(shared.getStats()).toMatchObject({ errors: 1, active: 0 })
    await expect(shared.run('k', async () => 'ok')).resolves.toBe('ok')
    expect(work).toHaveBeenCalledTimes(1)
  })

  it('treats a synchronous throw like a rejection', async () => {
    const shared = new SharedCall()
    const boom = new Error('sync')
    const first = shared.run('k', () => {
      throw boom
    })
    await expect(first).rejects.toBe(boom)
    expect(shared.getStats()).toMatchObject({ errors: 1, misses: 1, active: 0 })
    await expect(shared.run('k', () => 1)).resolves.toBe(1)
  })

  it('produces no unhandled rejection when every caller handles its own promise', async () => {
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const shared = new SharedCall()
      const controller = new AbortController()
      const gate = deferred()
      const call = shared.run('k', () => gate.promise, { signal: controller.signal })
      controller.abort()
      await expect(call).rejects.toThrow()
      gate.reject(new Error('late failure nobody waits for'))
      await flushMicrotasks()
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })
})

describe('forget and identity-checked cleanup', () => {
  it('forget(key) lets waiting callers finish while the next call starts new work', async () => {
    const shared = new SharedCall()
    const old = deferred<string>()
    const fresh = deferred<string>()
    const first = shared.run('k', () => old.promise)
    shared.forget('k')
    const second = shared.run('k', () => fresh.promise)
    old.resolve('old')
    expect(await first).toBe('old')
    // The old flight settled after forget: it must not evict the newer flight.
    const third = shared.run('k', () => Promise.resolve('should not run'))
    fresh.resolve('new')
    expect(await second).toBe('new')
    expect(await third).toBe('new')
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 1 })
  })

  it('forgetAll detaches every key', async () => {
    const shared = new SharedCall()
    const gates = [deferred(), deferred()]
    shared.run('a', () => gates[0]!.promise)
    shared.run('b', () => gates[1]!.promise)
    shared.forgetAll()
    const work = vi.fn(async () => 1)
    await Promise.all([shared.run('a', work), shared.run('b', work)])
    expect(work).toHaveBeenCalledTimes(2)
    for (const gate of gates) gate.resolve()
  })

  it('a forgotten flight that can be cancelled (its caller brought a signal) does not remove its successor', async () => {
    const shared = new SharedCall()
    const old = deferred<string>()
    const fresh = deferred<string>()
    const { signal } = new AbortController()
    const first = shared.run('k', () => old.promise, { signal })
    shared.forget('k')
    const second = shared.run('k', () => fresh.promise, { signal })
    old.resolve('old')
    expect(await first).toBe('old')
    const joiner = shared.run('k', () => 'must not run', { signal })
    fresh.resolve('new')
    await expect(Promise.all([second, joiner])).resolves.toEqual(['new', 'new'])
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 1, active: 0 })
  })

  it('a failed flight that was forgotten does not remove its successor', async () => {
    const shared = new SharedCall()
    const old = deferred()
    const fresh = deferred<string>()
    const first = shared.run('k', () => old.promise)
    shared.forget('k')
    const second = shared.run('k', () => fresh.promise)
    old.reject(new Error('old failed'))
    await expect(first).rejects.toThrow('old failed')
    const joiner = shared.run('k', () => 'must not run')
    fresh.resolve('fresh')
    await expect(Promise.all([second, joiner])).resolves.toEqual(['fresh', 'fresh'])
  })
})

describe('stats', () => {
  it('notifies subscribers after each change and stops after unsubscribe', async () => {
    const shared = new SharedCall()
    const seen: number[] = []
    const unsubscribe = shared.subscribe((stats) => seen.push(stats.active))
    const gate = deferred()
    const call = shared.run('k', () => gate.promise)
    shared.run('k', () => gate.promise)
    gate.resolve()
    await call
    expect(seen).toEqual([1, 1, 0])
    unsubscribe()
    await shared.run('x', () => 1)
    expect(seen).toEqual([1, 1, 0])
  })

  it('returns the same snapshot until something changes', async () => {
    const shared = new SharedCall()
    const before = shared.getStats()
    expect(shared.getStats()).toBe(before)
    await shared.run('k', () => 1)
    expect(shared.getStats()).not.toBe(before)
  })

  it('resetStats zeroes the counters but keeps counting running flights', async () => {
    const shared = new SharedCall()
    const gate = deferred()
    const call = shared.run('k', () => gate.promise)
    shared.run('k', () => gate.promise)
    shared.resetStats()
    expect(shared.getStats()).toEqual({
      hits: 0,
      misses: 0,
      passes: 0,
      errors: 0,
      active: 1,
      remoteHits: 0,
      hitRate: 0,
    })
    gate.resolve()
    await call
    expect(shared.getStats().active).toBe(0)
  })

  it('reports a throwing listener without breaking the call', async () => {
    const shared = new SharedCall()
    const reported = vi.fn()
    const original = globalThis.queueMicrotask
    globalThis.queueMicrotask = (task) =>
      original(() => {
        try {
          task()
        } catch (error) {
          reported(error)
        }
      })
    try {
      shared.subscribe(() => {
        throw new Error('listener bug')
      })
      await expect(shared.run('k', () => 1)).resolves.toBe(1)
      await flushMicrotasks()
      expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: 'listener bug' }))
    } finally {
      globalThis.queueMicrotask = original
    }
  })
})
