import { Hono } from 'hono'
import { stream, streamSSE } from 'hono/streaming'
import { SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { counter, deferred, statsReach } from './helpers'

/**
 * An app whose handler holds its first run at `gate` (so followers join it)
 * and every later run at `followersGate` (so the test can see them all
 * running at once), then answers with `respond`.
 */
const setup = (respond: (c: import('hono').Context) => Response | Promise<Response>) => {
  const shared = new SharedCall()
  const runs = counter()
  const gate = deferred()
  const followersGate = deferred()
  const app = new Hono()
  app.use('*', sharedCall({ shared, maxBodyBytes: 16 }))
  app.get('/r', async (c) => {
    runs.hit()
    await (runs.count === 1 ? gate.promise : followersGate.promise)
    return respond(c)
  })
  return { app, shared, runs, gate, followersGate }
}

const cases: [string, (c: import('hono').Context) => Response | Promise<Response>][] = [
  ['Set-Cookie', (c) => c.text('hi', 200, { 'set-cookie': `id=${Math.random()}` })],
  ['Cache-Control: private', (c) => c.text('hi', 200, { 'cache-control': 'private, max-age=60' })],
  ['Cache-Control: no-store', (c) => c.text('hi', 200, { 'cache-control': 'no-store' })],
  ['Cache-Control: no-cache', (c) => c.text('hi', 200, { 'cache-control': 'public, no-cache' })],
  [
    'Cache-Control: no-cache="Set-Cookie"',
    (c) => c.text('hi', 200, { 'cache-control': 'max-age=60, no-cache="Set-Cookie"' }),
  ],
  ['Surrogate-Control: no-store', (c) => c.text('hi', 200, { 'surrogate-control': 'no-store' })],
  ['CDN-Cache-Control: private', (c) => c.text('hi', 200, { 'cdn-cache-control': 'private' })],
  ['text/event-stream', (c) => streamSSE(c, (s) => s.writeSSE({ data: 'hi' }))],
  ['a chunked stream', (c) => c.text('hi', 200, { 'transfer-encoding': 'chunked' })],
  [
    'Content-Length over maxBodyBytes',
    (c) => c.text('x'.repeat(17), 200, { 'content-length': '17' }),
  ],
  [
    'a body without length over maxBodyBytes',
    (c) =>
      stream(c, async (s) => {
        for (let i = 0; i < 5; i++) await s.write('abcdefgh')
      }),
  ],
]

afterEach(() => {
  vi.useRealTimers()
})

describe('responses that must not be fanned out', () => {
  it.each(cases)('%s: leader keeps it, followers run the handler at once', async (_, respond) => {
    const { app, shared, runs, gate, followersGate } = setup(respond)
    const responses = Array.from({ length: 5 }, () => app.request('/r'))
    await statsReach(shared, (s) => s.hits === 4)
    gate.resolve()
    // All four followers are inside the handler together: not one after another.
    await runs.reached(5)
    followersGate.resolve()
    const all = await Promise.all(responses)
    expect(runs.count).toBe(5)
    for (const response of all) {
      expect(response.headers.get('x-shared-call')).toBe('pass')
      expect((await response.text()).length).toBeGreaterThan(0)
    }
  })

  it('gives the leader its whole body when it read past maxBodyBytes', async () => {
    const { app, gate, followersGate } = setup((c) =>
      stream(c, async (s) => {
        for (let i = 0; i < 5; i++) await s.write(`chunk${i}.`)
      }),
    )
    gate.resolve()
    followersGate.resolve()
    const response = await app.request('/r')
    expect(await response.text()).toBe('chunk0.chunk1.chunk2.chunk3.chunk4.')
  })

  it('shares a body without length that fits in maxBodyBytes', async () => {
    const { app, shared, runs, gate } = setup((c) =>
      stream(c, async (s) => {
        await s.write('small')
      }),
    )
    const responses = [app.request('/r'), app.request('/r')]
    await statsReach(shared, (s) => s.hits === 1)
    gate.resolve()
    const all = await Promise.all(responses)
    expect(runs.count).toBe(1)
    expect(await Promise.all(all.map((r) => r.text()))).toEqual(['small', 'small'])
  })

  it('remembers the key as "pass" for a short while, then tries to share again', async () => {
    vi.useFakeTimers()
    const { app, shared, runs, gate, followersGate } = setup((c) =>
      c.text('hi', 200, { 'set-cookie': 'a=1' }),
    )
    gate.resolve()
    followersGate.resolve()
    // The leader's response could not be shared: it is a pass, as its header says.
    expect((await app.request('/r')).headers.get('x-shared-call')).toBe('pass')
    expect(shared.getStats()).toMatchObject({ misses: 0, passes: 1 })

    const second = await app.request('/r')
    expect(second.headers.get('x-shared-call')).toBe('pass')
    expect(shared.getStats()).toMatchObject({ misses: 0, passes: 2 })
    expect(runs.count).toBe(2)

    vi.advanceTimersByTime(1000)
    let tried = false
    shared.subscribe((stats) => {
      tried ||= stats.misses === 1
    })
    await app.request('/r')
    // It led a flight again (a miss), which could not be shared either.
    expect(tried).toBe(true)
    expect(shared.getStats()).toMatchObject({ misses: 0, passes: 3 })
  })

  it('does not coalesce Range requests', async () => {
    const { app, shared, runs, gate, followersGate } = setup((c) => c.text('hello'))
    gate.resolve()
    followersGate.resolve()
    const all = await Promise.all(
      Array.from({ length: 3 }, () => app.request('/r', { headers: { range: 'bytes=0-1' } })),
    )
    expect(runs.count).toBe(3)
    expect(shared.getStats().misses).toBe(0)
    for (const response of all) expect(response.headers.get('x-shared-call')).toBe('pass')
  })
})
