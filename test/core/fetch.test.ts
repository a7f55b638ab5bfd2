import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { SharedCall, sharedFetch } from '../../src/core/index'
import { startServer } from './http-server'

let server: Awaited<ReturnType<typeof startServer>>
let shared: SharedCall

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/empty') {
      res.writeHead(204).end()
      return
    }
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/target' }).end()
      return
    }
    if (req.url === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end('data: hello\n\n')
      return
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-server': 'test' })
    res.end(
      req.method === 'HEAD'
        ? undefined
        : JSON.stringify({ path: req.url, auth: req.headers.authorization ?? null }),
    )
  })
})
afterAll(() => server.close())
beforeEach(() => {
  server.reset()
  shared = new SharedCall()
})

/** Starts `count` calls, lets them reach the server, then answers. */
const together = async <T>(calls: Promise<T>[]) => {
  await server.arrived()
  server.open()
  return Promise.all(calls)
}

describe('sharedFetch', () => {
  it('sends one request for 20 concurrent identical GETs; each caller reads its own body', async () => {
    const responses = await together(
      Array.from({ length: 20 }, () => sharedFetch(server.url('/items?page=1'), { shared })),
    )
    expect(server.seen).toHaveLength(1)
    expect(new Set(responses).size).toBe(20)
    const first = await responses[0]!.json()
    expect(first).toEqual({ path: '/items?page=1', auth: null })
    expect(responses[1]!.bodyUsed).toBe(false)
    for (const response of responses.slice(1)) expect(await response.json()).toEqual(first)
    expect(responses[3]!.status).toBe(200)
    expect(responses[3]!.headers.get('x-server')).toBe('test')
    expect(responses[3]!.url).toBe(server.url('/items?page=1'))
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 19 })
  })

  it('uses defaultSharedCall when no instance is given', async () => {
    const responses = await together([sharedFetch(server.url('/d')), sharedFetch(server.url('/d'))])
    expect(server.seen).toHaveLength(1)
    expect(await responses[1]!.json()).toEqual({ path: '/d', auth: null })
  })

  it('keeps different URLs apart', async () => {
    await together([
      sharedFetch(server.url('/a'), { shared }),
      sharedFetch(server.url('/b'), { shared }),
    ])
    expect(server.seen.map((s) => s.path).sort()).toEqual(['/a', '/b'])
  })

  it('never shares between different Authorization or Cookie values', async () => {
    const as = (auth: string) =>
      sharedFetch(server.url('/me'), { shared, headers: { authorization: auth } })
    const responses = await together([as('alice'), as('bob'), as('alice')])
    expect(server.seen).toHaveLength(2)
    expect((await Promise.all(responses.map((r) => r.json()))).map((b) => b.auth)).toEqual([
      'alice',
      'bob',
      'alice',
    ])
    server.reset()
    const cookie = (value: string) =>
      sharedFetch(server.url('/me'), { shared, headers: { cookie: value } })
    await together([cookie('s=1'), cookie('s=2')])
    expect(server.seen).toHaveLength(2)
  })

  // Each case: two requests alike and one that differs. Alike ones share one
  // request to the server, the one that differs gets its own: 2 in all.
  class Agent {}
  const agent = new Agent()
  it.each([
    ['X-API-Key', { headers: { 'x-api-key': 'alice' } }, { headers: { 'x-api-key': 'bob' } }],
    ['Accept', { headers: { accept: 'application/json' } }, { headers: { accept: 'text/html' } }],
    ['If-None-Match', { headers: { 'if-none-match': '"v1"' } }, {}],
    ['a header of any name', { headers: { 'x-tenant': 'a' } }, { headers: { 'x-tenant': 'b' } }],
    [
      'a header value that spells other headers',
      { headers: { 'x-a': '1', 'x-b': '2' } },
      { headers: { 'x-a': '1"],["x-b","2' } },
    ],
    ['credentials', { credentials: 'include' }, { credentials: 'omit' }],
    ['mode', { mode: 'cors' }, { mode: 'no-cors' }],
    ['cache', { cache: 'no-cache' }, { cache: 'force-cache' }],
    ['referrer', { referrer: 'http://127.0.0.1/a' }, {}],
    ['referrerPolicy', { referrerPolicy: 'no-referrer' }, { referrerPolicy: 'origin' }],
    ['integrity', { integrity: 'sha256-abc' }, {}],
    ['keepalive', { keepalive: true }, {}],
    ['priority', { priority: 'high' }, { priority: 'low' }],
    [
      'a field the runtime adds, by value',
      { next: { revalidate: 1 } },
      { next: { revalidate: 2 } },
    ],
    ['a field the runtime adds, by identity', { testAgent: agent }, { testAgent: new Agent() }],
  ] as [string, RequestInit, RequestInit][])(
    'never shares between requests that differ in %s',
    async (_, alike, other) => {
      const get = (init: RequestInit) => sharedFetch(server.url('/v'), { shared, ...init })
      const calls = [get(alike), get(other), get(alike)]
      await server.arrived()
      server.open()
      await Promise.allSettled(calls)
      expect(server.seen).toHaveLength(2)
      expect(shared.getStats()).toMatchObject({ misses: 2, hits: 1 })
    },
  )

  it('never shares between redirect modes', async () => {
    const get = (redirect: RequestRedirect) =>
      sharedFetch(server.url('/redirect'), { shared, redirect })
    const responses = await together([get('follow'), get('manual'), get('follow')])
    expect(server.seen.filter((s) => s.path === '/redirect')).toHaveLength(2)
    expect(responses.map((r) => r.status)).toEqual([200, 302, 200])
    expect(responses[2]!.redirected).toBe(true)
  })

  it('shares requests that are the same, however they are written', async () => {
    const responses = await together([
      sharedFetch(server.url('/same'), { shared, headers: { 'X-A': '1', 'x-b': '2' } }),
      sharedFetch(server.url('/same'), {
        shared,
        headers: [
          ['x-b', '2'],
          ['x-a', '1'],
        ],
      }),
      sharedFetch(new Request(server.url('/same'), { headers: { 'x-a': '1', 'x-b': '2' } }), {
        shared,
      }),
      sharedFetch(new URL(server.url('/same')), {
        shared,
        method: 'get',
        headers: new Headers({ 'x-b': '2', 'x-a': '1' }),
        vary: ['accept'],
      }),
    ])
    expect(server.seen).toHaveLength(1)
    expect(server.seen[0]!.headers).toMatchObject({ 'x-a': '1', 'x-b': '2' })
    for (const response of responses) expect(response.status).toBe(200)
  })

  it('hands fields it does not know to fetch, and keeps its own', async () => {
    const spy = vi.spyOn(globalThis, 'fetch')
    try {
      await together([
        sharedFetch(server.url('/f'), { shared, next: { tags: ['a'] } } as RequestInit),
      ])
      const init = spy.mock.calls[0]![1] as Record<string, unknown>
      expect(init.next).toEqual({ tags: ['a'] })
      expect(init).not.toHaveProperty('shared')
      expect(init.signal).toBeInstanceOf(AbortSignal)
    } finally {
      spy.mockRestore()
    }
  })

  it('passes other methods, and cache: no-store, straight through', async () => {
    const calls = [
      sharedFetch(server.url('/p'), { shared, method: 'POST', body: 'x' }),
      sharedFetch(server.url('/p'), { shared, method: 'POST', body: 'x' }),
      sharedFetch(server.url('/p'), { shared, method: 'DELETE' }),
      sharedFetch(server.url('/p'), { shared, cache: 'no-store' }),
      sharedFetch(server.url('/p'), { shared, cache: 'no-store' }),
    ]
    await together(calls)
    expect(server.seen).toHaveLength(5)
    expect(shared.getStats()).toMatchObject({ hits: 0, misses: 0 })
  })

  it('coalesces HEAD and gives each caller an empty body', async () => {
    const responses = await together([
      sharedFetch(server.url('/h'), { shared, method: 'HEAD' }),
      sharedFetch(server.url('/h'), { shared, method: 'HEAD' }),
    ])
    expect(server.seen).toHaveLength(1)
    expect(responses[1]!.headers.get('content-type')).toBe('application/json')
    expect(responses[1]!.body).toBeNull()
  })

  it('shares a 204 without inventing a body', async () => {
    const responses = await together([
      sharedFetch(server.url('/empty'), { shared }),
      sharedFetch(server.url('/empty'), { shared }),
    ])
    expect(server.seen).toHaveLength(1)
    expect(responses.map((r) => r.status)).toEqual([204, 204])
  })

  it('gives an event stream to the first caller and lets the others fetch their own', async () => {
    const responses = await together([
      sharedFetch(server.url('/events'), { shared }),
      sharedFetch(server.url('/events'), { shared }),
    ])
    expect(server.seen).toHaveLength(2)
    for (const response of responses) expect(await response.text()).toBe('data: hello\n\n')
    // The one that fetched its own got no share: a pass, not a hit.
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 0, passes: 1 })
  })

  it('a caller that aborts leaves; the request goes on for the others', async () => {
    const leaving = new AbortController()
    const left = sharedFetch(server.url('/c'), { shared, signal: leaving.signal })
    const stays = sharedFetch(server.url('/c'), { shared })
    await server.arrived()
    leaving.abort()
    await expect(left).rejects.toMatchObject({ name: 'AbortError' })
    server.open()
    expect(await (await stays).json()).toEqual({ path: '/c', auth: null })
    expect(await server.seen[0]!.aborted).toBe(false)
  })

  it('aborts the request when every caller has left', async () => {
    const controllers = [new AbortController(), new AbortController()]
    const calls = controllers.map((c) =>
      sharedFetch(server.url('/gone'), { shared, signal: c.signal }),
    )
    await server.arrived()
    for (const c of controllers) c.abort()
    await Promise.allSettled(calls)
    expect(await server.seen[0]!.aborted).toBe(true)
    expect(server.seen).toHaveLength(1)
    server.open()
  })

  it('rejects every caller with the network error', async () => {
    const dead = 'http://127.0.0.1:1/unreachable'
    const outcomes = await Promise.allSettled([
      sharedFetch(dead, { shared }),
      sharedFetch(dead, { shared }),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected'])
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 1, errors: 1 })
  })
})
