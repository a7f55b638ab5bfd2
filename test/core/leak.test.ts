import { describe, expect, it } from 'vitest'
import { SharedCall } from '../../src/core/index'

describe('no leaks', () => {
  it('100 000 calls on one long-lived AbortSignal leave no listener on it', async () => {
    const shared = new SharedCall()
    const { signal } = new AbortController()
    let listeners = 0
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = (...args: Parameters<typeof add>) => {
      listeners++
      add(...args)
    }
    signal.removeEventListener = (...args: Parameters<typeof remove>) => {
      listeners--
      remove(...args)
    }
    for (let round = 0; round < 100; round++) {
      await Promise.all(
        Array.from({ length: 1000 }, (_, i) => shared.run(`k${i % 10}`, async () => i, { signal })),
      )
    }
    expect(listeners).toBe(0)
    expect(shared.getStats()).toMatchObject({ misses: 1000, hits: 99_000, active: 0 })
  })

  it('100 000 distinct keys leave the flight map empty', async () => {
    const shared = new SharedCall()
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        Array.from({ length: 10_000 }, (_, i) => shared.run(`key:${round}:${i}`, async () => i)),
      )
    }
    expect(shared.size).toBe(0)
    expect(shared.getStats()).toMatchObject({ misses: 100_000, active: 0 })
  })

  it('failures and cancellations leave the flight map empty too', async () => {
    const shared = new SharedCall()
    const calls: Promise<unknown>[] = []
    for (let i = 0; i < 1000; i++) {
      calls.push(shared.run(`fail:${i}`, async () => Promise.reject(new Error('x'))))
      const c = new AbortController()
      calls.push(shared.run(`cancel:${i}`, () => new Promise(() => {}), { signal: c.signal }))
      c.abort()
    }
    await Promise.allSettled(calls)
    expect(shared.size).toBe(0)
  })
})

describe('one listener per signal', () => {
  it('1000 concurrent callers on one signal add one abort listener, and all leave on abort', async () => {
    const shared = new SharedCall()
    const controller = new AbortController()
    const { signal } = controller
    let added = 0
    const add = signal.addEventListener.bind(signal)
    signal.addEventListener = (...args: Parameters<typeof add>) => {
      added++
      add(...args)
    }
    const calls = Array.from({ length: 1000 }, (_, i) =>
      shared.run(`k${i % 3}`, () => new Promise(() => {}), { signal }),
    )
    expect(added).toBe(1)
    controller.abort(new Error('page closed'))
    const outcomes = await Promise.allSettled(calls)
    expect(
      outcomes.every((o) => o.status === 'rejected' && o.reason.message === 'page closed'),
    ).toBe(true)
    expect(shared.size).toBe(0)
    expect(shared.getStats().active).toBe(0)
  })
})
