import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SharedCall, TimeoutError } from '../../src/core/index'
import { deferred } from '../support/deferred'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('timeout', () => {
  it('rejects every waiter with a TimeoutError, aborts the work and frees the key', async () => {
    const shared = new SharedCall({ timeout: 1000 })
    let workSignal: AbortSignal | undefined
    const work = vi.fn((signal: AbortSignal) => {
      workSignal = signal
      return new Promise<never>(() => {})
    })
    const calls = [shared.run('slow', work), shared.run('slow', work)]
    const settled = Promise.allSettled(calls)
    await vi.advanceTimersByTimeAsync(999)
    expect(workSignal!.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const outcomes = await settled
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected')
      const reason = (outcome as PromiseRejectedResult).reason
      expect(reason).toBeInstanceOf(TimeoutError)
      expect(reason.message).toContain('slow')
    }
    expect(workSignal!.aborted).toBe(true)
    expect(workSignal!.reason).toBeInstanceOf(TimeoutError)
    expect(shared.getStats()).toMatchObject({ errors: 1, active: 0 })
    await expect(shared.run('slow', async () => 'fresh')).resolves.toBe('fresh')
  })

  it('a per-call timeout overrides the instance default', async () => {
    const shared = new SharedCall({ timeout: 10_000 })
    const call = shared.run('k', () => new Promise<never>(() => {}), { timeout: 50 })
    const check = expect(call).rejects.toBeInstanceOf(TimeoutError)
    await vi.advanceTimersByTimeAsync(50)
    await check
  })

  it('Infinity means no limit: no timer, and the flight waits as long as the work', async () => {
    const shared = new SharedCall({ timeout: Infinity })
    const gate = deferred<string>()
    const call = shared.run('k', () => gate.promise)
    expect(vi.getTimerCount()).toBe(0)
    let settled = false
    call.finally(() => {
      settled = true
    })
    await vi.advanceTimersByTimeAsync(30 * 24 * 3600 * 1000)
    expect(settled).toBe(false)
    gate.resolve('late but fine')
    await expect(call).resolves.toBe('late but fine')
  })

  it('a per-call Infinity overrides an instance timeout', async () => {
    const shared = new SharedCall({ timeout: 10 })
    const gate = deferred<string>()
    const call = shared.run('k', () => gate.promise, { timeout: Infinity })
    await vi.advanceTimersByTimeAsync(1000)
    gate.resolve('no limit')
    await expect(call).resolves.toBe('no limit')
  })

  it('the longest timeout setTimeout can hold fires then, not at once', async () => {
    const shared = new SharedCall({ timeout: 2 ** 31 - 1 })
    const call = shared.run('k', () => new Promise<never>(() => {}))
    const check = expect(call).rejects.toBeInstanceOf(TimeoutError)
    await vi.advanceTimersByTimeAsync(2 ** 31 - 2)
    expect(shared.getStats().active).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    await check
  })

  it('work of a flight with a timeout gets a signal of its own even when no caller brought one', async () => {
    const shared = new SharedCall({ timeout: 100 })
    const signals: AbortSignal[] = []
    const work = (signal: AbortSignal) => {
      signals.push(signal)
      return new Promise<never>(() => {})
    }
    const calls = [shared.run('a', work), shared.run('b', work)]
    const settled = Promise.allSettled(calls)
    expect(signals[0]).not.toBe(signals[1])
    await vi.advanceTimersByTimeAsync(100)
    await settled
    expect(signals.map((s) => s.aborted)).toEqual([true, true])
  })

  it('clears the timer when the work settles first', async () => {
    const shared = new SharedCall({ timeout: 1000 })
    await shared.run('k', async () => 1)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('shareFor', () => {
  it('shares a settled result for shareFor ms, then runs fresh work', async () => {
    const shared = new SharedCall({ shareFor: 500 })
    let n = 0
    const work = vi.fn(async () => ++n)
    expect(await shared.run('k', work)).toBe(1)
    await vi.advanceTimersByTimeAsync(499)
    expect(await shared.run('k', work)).toBe(1)
    expect(shared.getStats()).toMatchObject({ hits: 1, misses: 1, active: 0 })
    await vi.advanceTimersByTimeAsync(1)
    expect(await shared.run('k', work)).toBe(2)
    expect(work).toHaveBeenCalledTimes(2)
  })

  it('Infinity keeps a success until forget', async () => {
    const shared = new SharedCall({ shareFor: Infinity })
    let n = 0
    expect(await shared.run('k', async () => ++n)).toBe(1)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(365 * 24 * 3600 * 1000)
    expect(await shared.run('k', async () => ++n)).toBe(1)
    shared.forget('k')
    expect(await shared.run('k', async () => ++n)).toBe(2)
    shared.forgetAll()
  })

  it('never keeps an error', async () => {
    const shared = new SharedCall({ shareFor: 500 })
    await expect(shared.run('k', async () => Promise.reject(new Error('x')))).rejects.toThrow('x')
    await expect(shared.run('k', async () => 'recovered')).resolves.toBe('recovered')
  })

  it('forget drops a kept result', async () => {
    const shared = new SharedCall({ shareFor: 500 })
    await shared.run('k', async () => 'old')
    shared.forget('k')
    await expect(shared.run('k', async () => 'new')).resolves.toBe('new')
  })

  it('a per-call shareFor applies to the flight it starts', async () => {
    const shared = new SharedCall()
    const gate = deferred<string>()
    const first = shared.run('k', () => gate.promise, { shareFor: 100 })
    gate.resolve('kept')
    await first
    await expect(shared.run('k', async () => 'fresh')).resolves.toBe('kept')
    await vi.advanceTimersByTimeAsync(100)
    await expect(shared.run('k', async () => 'fresh')).resolves.toBe('fresh')
  })
})
