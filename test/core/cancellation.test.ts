import { describe, expect, it, vi } from 'vitest'
import { SharedCall } from '../../src/core/index'
import { deferred } from '../support/deferred'

/** Work that records the signal it got and settles when the test says so. */
const controllable = <T>() => {
  const gate = deferred<T>()
  const signals: AbortSignal[] = []
  const work = vi.fn((signal: AbortSignal) => {
    signals.push(signal)
    return gate.promise
  })
  return { gate, signals, work }
}

describe('per-caller cancellation', () => {
  it('rejects only the caller that aborted, with its signal reason', async () => {
    const shared = new SharedCall()
    const { gate, work, signals } = controllable<string>()
    const leaving = new AbortController()
    const left = shared.run('k', work, { signal: leaving.signal })
    const stays = shared.run('k', work, { signal: new AbortController().signal })
    const reason = new Error('user navigated away')
    leaving.abort(reason)
    await expect(left).rejects.toBe(reason)
    expect(signals[0]!.aborted).toBe(false)
    gate.resolve('data')
    await expect(stays).resolves.toBe('data')
    expect(work).toHaveBeenCalledTimes(1)
  })

  it('the leader leaving does not fail the followers (the Go singleflight bug)', async () => {
    const shared = new SharedCall()
    const { gate, work } = controllable<number>()
    const leader = new AbortController()
    const first = shared.run('k', work, { signal: leader.signal })
    const followers = Array.from({ length: 5 }, () => shared.run('k', work))
    leader.abort()
    await expect(first).rejects.toMatchObject({ name: 'AbortError' })
    gate.resolve(1)
    await expect(Promise.all(followers)).resolves.toEqual([1, 1, 1, 1, 1])
  })

  it('a leaving caller never deletes the key: a newcomer still joins the running flight', async () => {
    const shared = new SharedCall()
    const { gate, work } = controllable<string>()
    const a = new AbortController()
    const first = shared.run('k', work, { signal: a.signal })
    const second = shared.run('k', work, { signal: new AbortController().signal })
    a.abort()
    await expect(first).rejects.toBeDefined()
    const third = shared.run('k', work)
    gate.resolve('one flight')
    await expect(Promise.all([second, third])).resolves.toEqual(['one flight', 'one flight'])
    expect(work).toHaveBeenCalledTimes(1)
  })

  it('aborts the work only when every caller has left, then frees the key', async () => {
    const shared = new SharedCall()
    const { work, signals } = controllable<string>()
    const callers = [new AbortController(), new AbortController(), new AbortController()]
    const calls = callers.map((c) => shared.run('k', work, { signal: c.signal }))
    callers[0]!.abort()
    callers[1]!.abort()
    expect(signals[0]!.aborted).toBe(false)
    callers[2]!.abort(new Error('last one out'))
    expect(signals[0]!.aborted).toBe(true)
    expect(signals[0]!.reason).toEqual(new Error('last one out'))
    await Promise.allSettled(calls)
    expect(shared.getStats()).toMatchObject({ active: 0, errors: 0 })
    const next = controllable<string>()
    const again = shared.run('k', next.work)
    expect(next.work).toHaveBeenCalledTimes(1)
    next.gate.resolve('fresh')
    await expect(again).resolves.toBe('fresh')
  })

  it('never aborts the work while a caller without a signal waits', async () => {
    const shared = new SharedCall()
    const { gate, work, signals } = controllable<string>()
    const c = new AbortController()
    const withSignal = shared.run('k', work, { signal: c.signal })
    const without = shared.run('k', work)
    c.abort()
    await expect(withSignal).rejects.toBeDefined()
    expect(signals[0]!.aborted).toBe(false)
    gate.resolve('kept')
    await expect(without).resolves.toBe('kept')
  })

  it('rejects a caller whose signal is already aborted at once and starts nothing', async () => {
    const shared = new SharedCall()
    const work = vi.fn(async () => 1)
    const reason = new Error('already gone')
    await expect(shared.run('k', work, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(work).not.toHaveBeenCalled()
    expect(shared.getStats()).toMatchObject({ hits: 0, misses: 0, active: 0 })
  })

  it('drops the result of work that ignores its signal once every caller left', async () => {
    const shared = new SharedCall()
    const gate = deferred<string>()
    const c = new AbortController()
    const call = shared.run('k', () => gate.promise, { signal: c.signal })
    c.abort()
    await expect(call).rejects.toBeDefined()
    const next = shared.run('k', async () => 'new work')
    gate.resolve('stale')
    await expect(next).resolves.toBe('new work')
  })

  it('removes its abort listener when the call settles', async () => {
    const shared = new SharedCall()
    const { signal } = new AbortController()
    const add = vi.spyOn(signal, 'addEventListener')
    const remove = vi.spyOn(signal, 'removeEventListener')
    await shared.run('ok', async () => 1, { signal })
    await shared.run('fail', async () => Promise.reject(new Error('x')), { signal }).catch(() => {})
    expect(add).toHaveBeenCalledTimes(2)
    expect(remove).toHaveBeenCalledTimes(2)
    expect(remove.mock.calls.map((call) => call[1])).toEqual(add.mock.calls.map((call) => call[1]))
  })
})

describe('every work gets a signal, whatever its length', () => {
  it('aborts (...args) => fetcher(...args) when every caller has left', async () => {
    const shared = new SharedCall()
    const fetcher = vi.fn(
      (signal: AbortSignal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    )
    // A wrapper of length 0, as SWR-style code and minifiers write them.
    const work = (...args: [AbortSignal]) => fetcher(...args)
    expect(work.length).toBe(0)
    const callers = [new AbortController(), new AbortController()]
    const calls = callers.map((c) => shared.run('k', work, { signal: c.signal }))
    const signal = fetcher.mock.calls[0]![0]
    expect(signal).toBeInstanceOf(AbortSignal)
    callers[0]!.abort()
    expect(signal.aborted).toBe(false)
    callers[1]!.abort(new Error('all gone'))
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toEqual(new Error('all gone'))
    await Promise.allSettled(calls)
    expect(shared.size).toBe(0)
  })

  it('gives work with a default or destructured first parameter the flight signal', async () => {
    const shared = new SharedCall()
    const fallback = new AbortController().signal
    const c = new AbortController()
    const withDefault = shared.run('a', (signal = fallback) => signal, { signal: c.signal })
    const destructured = shared.run('b', ({ aborted }: AbortSignal) => aborted)
    expect(await withDefault).not.toBe(fallback)
    expect(await withDefault).toBeInstanceOf(AbortSignal)
    expect(await destructured).toBe(false)
  })

  it('work nobody can cancel shares one signal that never aborts and keeps no listener', async () => {
    const shared = new SharedCall()
    const seen: AbortSignal[] = []
    const heard = vi.fn()
    const work = (signal: AbortSignal) => {
      seen.push(signal)
      signal.addEventListener('abort', heard)
      return Promise.resolve(1)
    }
    const keeping = new SharedCall({ shareFor: 1 })
    await Promise.all([
      shared.run('a', work),
      shared.run('b', work),
      keeping.run('c', work),
      shared.run('d', work, { timeout: Infinity }),
    ])
    keeping.forgetAll()
    expect(seen).toHaveLength(4)
    expect(new Set(seen).size).toBe(1)
    expect(seen[0]!.aborted).toBe(false)
    // A listener kept on it would run here; none is kept, so none can pile up.
    seen[0]!.dispatchEvent(new Event('abort'))
    expect(heard).not.toHaveBeenCalled()
  })

  it('a flight whose first caller had no signal is pinned: a later caller with one leaves alone', async () => {
    const shared = new SharedCall()
    const { gate, work, signals } = controllable<string>()
    const first = shared.run('k', work)
    const c = new AbortController()
    const second = shared.run('k', work, { signal: c.signal })
    c.abort(new Error('second left'))
    await expect(second).rejects.toThrow('second left')
    expect(signals[0]!.aborted).toBe(false)
    gate.resolve('done')
    await expect(first).resolves.toBe('done')
  })

  it('a caller whose signal a stats listener aborts as it joins leaves, never waits forever', async () => {
    const shared = new SharedCall()
    const { gate, work, signals } = controllable<string>()
    const stays = shared.run('k', work, { signal: new AbortController().signal })
    const c = new AbortController()
    const unsubscribe = shared.subscribe(() => c.abort(new Error('listener aborted it')))
    const joining = shared.run('k', work, { signal: c.signal })
    unsubscribe()
    await expect(joining).rejects.toThrow('listener aborted it')
    expect(signals[0]!.aborted).toBe(false)
    gate.resolve('still here')
    await expect(stays).resolves.toBe('still here')
  })

  it('a leader whose signal a stats listener aborts as the flight starts leaves, and the work is aborted', async () => {
    const shared = new SharedCall()
    const { work, signals } = controllable<string>()
    const c = new AbortController()
    shared.subscribe(() => c.abort(new Error('aborted on start')))
    await expect(shared.run('k', work, { signal: c.signal })).rejects.toThrow('aborted on start')
    expect(signals[0]!.aborted).toBe(true)
    expect(shared.size).toBe(0)
  })

  it('a caller whose signal the work itself aborts leaves at once, and the work is aborted', async () => {
    const shared = new SharedCall()
    const c = new AbortController()
    let workSignal: AbortSignal | undefined
    const call = shared.run(
      'k',
      (signal) => {
        workSignal = signal
        c.abort(new Error('aborted while starting'))
        return new Promise<never>(() => {})
      },
      { signal: c.signal },
    )
    await expect(call).rejects.toThrow('aborted while starting')
    expect(workSignal!.aborted).toBe(true)
    expect(shared.size).toBe(0)
  })
})
