import { afterEach, describe, expect, it, vi } from 'vitest'
import { SharedCall } from '../../src/core/index'
import { flushMicrotasks } from '../support/deferred'

afterEach(() => {
  vi.unstubAllGlobals()
})

// Two things workerd does that Node does not (test/integration/signal.test.ts
// proves both on workerd): it throws when a request calls abort() on a
// controller another request made, so the last caller to leave aborts the
// flight through a promise made in the flight's own request; and it runs an
// abort listener with the global scope as `this`, so the core finds the
// signal on the event. Here, on Node, that both paths still do their job.
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

  it('hears a caller leave when its abort listener runs with the global scope as `this`, as on workerd', async () => {
    const shared = new SharedCall()
    const client = new AbortController()
    // workerd calls an event listener with `this` set to the global scope, not the signal.
    const add = client.signal.addEventListener.bind(client.signal)
    client.signal.addEventListener = ((type: string, listener: (event: Event) => void) =>
      add(type, (event) => listener.call(globalThis, event))) as typeof add
    let seen: AbortSignal | undefined
    const call = shared.run(
      'k',
      (signal) => {
        seen = signal
        return new Promise(() => {})
      },
      { signal: client.signal },
    )
    client.abort('gone')
    await expect(call).rejects.toBe('gone')
    expect(seen?.aborted).toBe(true)
  })
})
