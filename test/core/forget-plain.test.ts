// Plain flights (no signal, no timeout, no shareFor) are bare promises until
// the instance's first forget; from then on every flight is a Flight, so a
// bare promise that ends knows its key holds it unless the key holds a Flight.
import { describe, expect, it, vi } from 'vitest'
import { SharedCall } from '../../src/core/index'
import { deferred } from '../support/deferred'

describe('plain flights around forget', () => {
  it('a plain flight that ends after a forget of another key still frees its own key', async () => {
    const shared = new SharedCall()
    const gate = deferred<string>()
    const first = shared.run('k', () => gate.promise)
    shared.forget('other')
    gate.resolve('first')
    expect(await first).toBe('first')
    expect(shared.size).toBe(0)
    const work = vi.fn(async () => 'second')
    expect(await shared.run('k', work)).toBe('second')
    expect(work).toHaveBeenCalledTimes(1)
  })

  it('a forgotten plain flight never frees the flights that follow it, however many', async () => {
    const shared = new SharedCall()
    const old = deferred<string>()
    const oldCall = shared.run('k', () => old.promise)
    shared.forgetAll()
    const next = deferred<string>()
    const nextCall = shared.run('k', () => next.promise)
    next.resolve('next')
    expect(await nextCall).toBe('next')
    const last = deferred<string>()
    const lastCall = shared.run('k', () => last.promise)
    // The first flight settles while the third runs: the key stays the third's.
    old.resolve('old')
    expect(await oldCall).toBe('old')
    const joined = shared.run('k', () => Promise.resolve('must not run'))
    last.resolve('last')
    expect(await lastCall).toBe('last')
    expect(await joined).toBe('last')
    expect(shared.getStats()).toMatchObject({ misses: 3, hits: 1, active: 0 })
    expect(shared.size).toBe(0)
  })
})
