import { afterEach, describe, expect, it, vi } from 'vitest'
import { SharedCall } from '../../src/core/index'
import { flushMicrotasks } from '../support/deferred'

afterEach(() => {
  vi.unstubAllGlobals()
})

// On Workers the last caller to leave may be another request than the one that
// started the flight, and workerd throws if that request calls abort() on the
// flight's controller. The abort goes through a promise made in the flight's
// own request instead (test/integration/signal.test.ts proves it on workerd);
// here, that the relay still aborts the work, with the last caller's reason.
describe('aborting a flight on Cloudflare Workers', () => {
  it("aborts the work's signal through the relay when the last caller leaves", async () => {
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' })
    const shared = new SharedCall()
    let seen: AbortSignal | undefined
    const work = (signal: AbortSignal) => {
      seen = signal
      return new Promise(() => {})
    }
    const [a, b] = [new AbortController(), new AbortController()]
    const calls = [a, b].map((c) => shared.run('k', work, { signal: c.signal }).catch((e) => e))
    a.abort('a left')
    b.abort('b left')
    expect(await Promise.all(calls)).toEqual(['a left', 'b left'])
    await flushMicrotasks()
    expect(seen?.aborted).toBe(true)
    expect(seen?.reason).toBe('b left')
    expect(shared.size).toBe(0)
  })
})
