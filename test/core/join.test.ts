import { describe, expect, it, vi } from 'vitest'
import { SharedCall } from '../../src/core/index'
import { deferred } from '../support/deferred'

describe('join: the caller learns whether it started the flight', () => {
  it('the first caller leads, the ones that join do not, and all share one result', async () => {
    const shared = new SharedCall()
    const gate = deferred<string>()
    const work = vi.fn(() => gate.promise)
    const first = shared.join('k', work)
    const second = shared.join('k', work)
    expect(first.leader).toBe(true)
    expect(second.leader).toBe(false)
    gate.resolve('v')
    expect(await Promise.all([first.result, second.result])).toEqual(['v', 'v'])
    expect(work).toHaveBeenCalledTimes(1)
  })

  it('a new flight after the last settled is led again', async () => {
    const shared = new SharedCall()
    await shared.join('k', async () => 1).result
    expect(shared.join('k', async () => 2).leader).toBe(true)
  })

  it('a result kept by shareFor is joined, not led', async () => {
    const shared = new SharedCall({ shareFor: 60_000 })
    await shared.join('k', async () => 1).result
    const kept = shared.join('k', async () => 2)
    expect(kept.leader).toBe(false)
    expect(await kept.result).toBe(1)
    shared.forgetAll()
  })

  it('a caller whose signal is already aborted neither leads nor starts work', async () => {
    const shared = new SharedCall()
    const work = vi.fn(async () => 1)
    const gone = shared.join('k', work, { signal: AbortSignal.abort('left') })
    expect(gone.leader).toBe(false)
    await expect(gone.result).rejects.toBe('left')
    expect(work).not.toHaveBeenCalled()
  })

  it('does not depend on the work being called synchronously', async () => {
    const shared = new SharedCall()
    const gate = deferred<number>()
    // A wrapper that defers the real work to a later tick.
    const work = () => Promise.resolve().then(() => gate.promise)
    const a = shared.join('k', work)
    const b = shared.join('k', work)
    expect([a.leader, b.leader]).toEqual([true, false])
    gate.resolve(7)
    expect(await b.result).toBe(7)
  })
})
