import type { Context, MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'
import { cors } from 'hono/cors'
import { describe, expect, it } from 'vitest'
import { burst, heldApp } from './helpers'

const setup = (respond: (c: Context) => Response, ...after: MiddlewareHandler[]) =>
  heldApp({ respond, after })

/** JSON or HTML, as the Accept header asks, saying so with Vary: Accept. */
const negotiate = (c: Context) => {
  c.header('vary', 'Accept')
  return c.req.header('accept')?.includes('text/html')
    ? c.html('<p>hello</p>')
    : c.json({ hello: true })
}

const JSON_ = { accept: 'application/json' }
const HTML = { accept: 'text/html' }

const decode = async (response: Response): Promise<string> => {
  const encoding = response.headers.get('content-encoding') as CompressionFormat | null
  if (!encoding) return response.text()
  return new Response(response.body!.pipeThrough(new DecompressionStream(encoding))).text()
}

describe('Vary: a waiting request gets the response only if the headers it varies on match', () => {
  it('runs one flight per variant: HTML readers never get the JSON leader’s answer', async () => {
    const { shared, runs, gate, get } = setup(negotiate)
    const responses = await burst(shared, gate, [get(JSON_), get(HTML), get(JSON_), get(HTML)])

    expect(runs.count).toBe(2)
    const types = responses.map((r) => r.headers.get('content-type'))
    expect(types).toEqual([
      expect.stringMatching(/json/),
      expect.stringMatching(/html/),
      expect.stringMatching(/json/),
      expect.stringMatching(/html/),
    ])
    expect(await responses[1]!.text()).toBe('<p>hello</p>')
    expect(await responses[3]!.text()).toBe('<p>hello</p>')
    // Each variant has one leader and one follower (which HTML reader leads is the core's order).
    const roles = responses.map((r) => r.headers.get('x-shared-call'))
    expect(roles[0]).toBe('leader')
    expect(roles[2]).toBe('follower')
    expect([roles[1], roles[3]].sort()).toEqual(['follower', 'leader'])
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 2, passes: 0 })
  })

  it('remembers what a resource varies on, so the next burst is split from the start', async () => {
    const { shared, runs, gate, get } = setup(negotiate)
    await burst(shared, gate, [get(JSON_)])
    shared.resetStats()
    const responses = await burst(shared, gate, [get(HTML), get(JSON_), get(HTML), get(JSON_)])
    // No request waited on a variant it could not use: two flights, two joins.
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 2 })
    expect(runs.count).toBe(3)
    expect(responses.map((r) => r.headers.get('content-type'))).toEqual([
      expect.stringMatching(/html/),
      expect.stringMatching(/json/),
      expect.stringMatching(/html/),
      expect.stringMatching(/json/),
    ])
  })

  it('never shares a response with Vary: *: the others run the handler, at once', async () => {
    let answered = 0
    const { shared, runs, gate, get } = setup((c) =>
      c.text(`answer ${++answered}`, 200, { vary: '*' }),
    )
    const responses = await burst(shared, gate, [get(), get(), get()])
    expect(runs.count).toBe(3)
    expect(responses.map((r) => r.headers.get('x-shared-call'))).toEqual(['pass', 'pass', 'pass'])
    expect(new Set(await Promise.all(responses.map((r) => r.text())))).toEqual(
      new Set(['answer 1', 'answer 2', 'answer 3']),
    )
  })

  it('compress() after sharedCall(): every client gets the encoding it accepts', async () => {
    const big = 'x'.repeat(4096)
    const { shared, runs, gate, get } = setup((c) => c.text(big), compress())
    const asks: Record<string, string>[] = [
      { 'accept-encoding': 'gzip' },
      {},
      { 'accept-encoding': 'deflate' },
    ]
    const responses = await burst(shared, gate, [...asks, ...asks].map(get))

    expect(runs.count).toBe(3)
    expect(responses.map((r) => r.headers.get('content-encoding'))).toEqual([
      'gzip',
      null,
      'deflate',
      'gzip',
      null,
      'deflate',
    ])
    for (const response of responses) expect(await decode(response)).toBe(big)
  })

  it('a compressing middleware that forgets Vary still never hands gzip to a client that can’t read it', async () => {
    const gzipWithoutVary: MiddlewareHandler = async (c, next) => {
      await next()
      if (!c.req.header('accept-encoding')?.includes('gzip')) return
      const body = c.res.body!.pipeThrough(new CompressionStream('gzip'))
      c.res = new Response(body, { headers: { 'content-encoding': 'gzip' } })
    }
    const { shared, runs, gate, get } = setup((c) => c.text('plain text'), gzipWithoutVary)
    const responses = await burst(shared, gate, [get({ 'accept-encoding': 'gzip' }), get(), get()])
    expect(runs.count).toBe(2)
    expect(responses.map((r) => r.headers.get('content-encoding'))).toEqual(['gzip', null, null])
    for (const response of responses) expect(await decode(response)).toBe('plain text')
  })

  it('cors() after sharedCall(): every origin gets its own Access-Control-Allow-Origin', async () => {
    const allowed = ['https://a.example', 'https://b.example']
    const { shared, gate, get } = setup((c) => c.json({ ok: true }), cors({ origin: allowed }))
    const from = (origin?: string) => get(origin ? { origin } : {})
    const responses = await burst(shared, gate, [
      from('https://a.example'),
      from('https://b.example'),
      from('https://evil.example'),
      from(),
      from('https://b.example'),
    ])
    expect(responses.map((r) => r.headers.get('access-control-allow-origin'))).toEqual([
      'https://a.example',
      'https://b.example',
      null,
      null,
      'https://b.example',
    ])
  })

  it('a CORS middleware that forgets Vary: Origin still never grants one origin’s access to another', async () => {
    const corsWithoutVary: MiddlewareHandler = async (c, next) => {
      await next()
      const origin = c.req.header('origin')
      if (origin?.endsWith('.trusted.example')) c.header('access-control-allow-origin', origin)
    }
    const { shared, gate, get } = setup(
      (c) => c.json({ secret: 'for trusted origins' }),
      corsWithoutVary,
    )
    const responses = await burst(shared, gate, [
      get({ origin: 'https://app.trusted.example' }),
      get({ origin: 'https://evil.example' }),
      get({ origin: 'https://other.trusted.example' }),
    ])
    expect(responses.map((r) => r.headers.get('access-control-allow-origin'))).toEqual([
      'https://app.trusted.example',
      null,
      'https://other.trusted.example',
    ])
  })

  it('matches headers as sent, and treats an absent header as a value of its own', async () => {
    const { shared, runs, gate, get } = setup((c) =>
      c.text(c.req.header('accept-language') ?? 'none', 200, { vary: 'Accept-Language' }),
    )
    const responses = await burst(shared, gate, [
      get({ 'accept-language': 'en' }),
      get({ 'accept-language': 'de' }),
      get(),
      get({ 'accept-language': 'en' }),
    ])
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual(['en', 'de', 'none', 'en'])
    expect(runs.count).toBe(3)
  })

  it.each([['Accept-Encoding; Origin'], ['"Accept"'], ['Accept, X Tenant'], ['Accept, Ünïcode']])(
    'Vary: %s (not a list of field names) passes like Vary: *, and is never remembered',
    async (vary) => {
      let answered = 0
      const { app, shared, runs, gate, get } = setup((c) =>
        c.text(`answer ${++answered}`, 200, { vary }),
      )
      const responses = await burst(shared, gate, [get(), get(), get()])
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200])
      expect(responses.map((r) => r.headers.get('x-shared-call'))).toEqual(['pass', 'pass', 'pass'])
      expect(runs.count).toBe(3)
      // A later request still reaches the handler: nothing was remembered that would throw.
      const later = await app.request('/r', { headers: { accept: 'text/html' } })
      expect(later.status).toBe(200)
      expect(await later.text()).toBe('answer 4')
    },
  )
})
