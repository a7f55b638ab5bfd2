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

type Respond = (c: import('hono').Context) => Response | Promise<Response>

const cases: [string, Respond][] = [
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
  // Statuses a cache may store only with explicit freshness (RFC 9111 §3, RFC 9110 §15.1).
  ...[201, 202, 302, 303, 307, 400, 401, 403, 409, 429, 500, 502, 503].map(
    (status): [string, Respond] => [
      `status ${status} without explicit freshness`,
      (c) => c.text('hi', status as 201, { location: '/elsewhere', 'cache-control': 'public' }),
    ],
  ),
  // Stale on arrival, and no reuse without revalidation (RFC 9111 §4.2.4, §5.2.2.2, §5.2.2.10).
  ['Cache-Control: s-maxage=0', (c) => c.text('hi', 200, { 'cache-control': 's-maxage=0' })],
  [
    'Cache-Control: s-maxage=0, max-age=60',
    (c) => c.text('hi', 200, { 'cache-control': 's-maxage=0, max-age=60' }),
  ],
  [
    'Cache-Control: max-age=0, must-revalidate',
    (c) => c.text('hi', 200, { 'cache-control': 'max-age=0, must-revalidate' }),
  ],
  [
    'Cache-Control: max-age="0", proxy-revalidate',
    (c) => c.text('hi', 200, { 'cache-control': 'max-age="0", proxy-revalidate' }),
  ],
  [
    'Cache-Control: max-age=60, must-revalidate and Age: 60',
    (c) => c.text('hi', 200, { 'cache-control': 'max-age=60, must-revalidate', age: '60' }),
  ],
  [
    'must-revalidate and an Expires in the past',
    (c) =>
      c.text('hi', 200, {
        'cache-control': 'must-revalidate',
        expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
      }),
  ],
  [
    'must-revalidate and an Expires that is not a date',
    (c) => c.text('hi', 200, { 'cache-control': 'must-revalidate', expires: '0' }),
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

  it('GET /pads/new that mints a pad and answers 303: every client gets a pad of its own', async () => {
    let pads = 0
    const { app, shared, runs, gate, followersGate } = setup((c) =>
      c.redirect(`/pads/${++pads}`, 303),
    )
    const responses = Array.from({ length: 3 }, () => app.request('/r'))
    await statsReach(shared, (s) => s.hits === 2)
    gate.resolve()
    await runs.reached(3)
    followersGate.resolve()
    const locations = (await Promise.all(responses)).map((r) => r.headers.get('location'))
    expect(new Set(locations)).toEqual(new Set(['/pads/1', '/pads/2', '/pads/3']))
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

/** Cases a shared cache could reuse: one handler run, every follower gets a copy. */
const reusable: [string, Respond][] = [
  // Heuristically cacheable statuses (RFC 9110 §15.1); 206 answers a Range request, never shared.
  ...[200, 203, 300, 301, 308, 404, 405, 410, 414, 501].map((status): [string, Respond] => [
    `status ${status}`,
    (c) => c.text('hi', status as 200, { location: '/elsewhere' }),
  ]),
  ['status 204', (c) => c.body(null, 204)],
  // Any status with explicit freshness (RFC 9111 §3).
  [
    'status 303 with max-age=60',
    (c) => c.text('hi', 303, { location: '/x', 'cache-control': 'max-age=60' }),
  ],
  [
    'status 302 with an Expires',
    (c) => c.text('hi', 302, { location: '/x', expires: 'Thu, 01 Jan 2099 00:00:00 GMT' }),
  ],
  ['status 503 with s-maxage=5', (c) => c.text('hi', 503, { 'cache-control': 's-maxage=5' })],
  // Stale, but without a rule against reusing it: the origin that installed sharedCall() allows it.
  ['Cache-Control: max-age=0', (c) => c.text('hi', 200, { 'cache-control': 'max-age=0' })],
  [
    'Cache-Control: max-age=0, must-revalidate, s-maxage=10',
    (c) => c.text('hi', 200, { 'cache-control': 'max-age=0, must-revalidate, s-maxage=10' }),
  ],
  [
    'an Expires in the past without must-revalidate',
    (c) => c.text('hi', 200, { expires: 'Thu, 01 Jan 1970 00:00:00 GMT' }),
  ],
]

describe('responses a shared cache could reuse are fanned out', () => {
  it.each(reusable)('%s: one handler run for every request', async (_, respond) => {
    const { app, shared, runs, gate } = setup(respond)
    const responses = Array.from({ length: 3 }, () => app.request('/r'))
    await statsReach(shared, (s) => s.hits === 2)
    gate.resolve()
    const all = await Promise.all(responses)
    expect(runs.count).toBe(1)
    expect(all.map((r) => r.headers.get('x-shared-call'))).toEqual([
      'leader',
      'follower',
      'follower',
    ])
    expect(new Set(all.map((r) => r.status)).size).toBe(1)
  })
})
