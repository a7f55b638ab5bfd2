import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { burst, heldApp } from './helpers'

afterEach(() => {
  vi.unstubAllGlobals()
})

const NONCE_IN_HEADER = /'nonce-([^']+)'/
const cspWithNonce = () => secureHeaders({ contentSecurityPolicy: { scriptSrc: [NONCE] } })

describe('what a middleware before sharedCall() set for one request stays that request’s', () => {
  it('requestId(): every response carries its own X-Request-Id, from one run', async () => {
    const { app, shared, runs, gate, get } = heldApp({
      before: [requestId()],
      respond: (c) => c.json({ ok: true }),
    })
    const responses = await burst(shared, gate, [get(), get(), get()])
    expect(runs.count).toBe(1)
    const ids = responses.map((r) => r.headers.get('x-request-id'))
    expect(new Set(ids).size).toBe(3)
    // A client-sent id is kept per request as well.
    const mine = await app.request('/r', { headers: { 'x-request-id': 'client-chosen-id' } })
    expect(mine.headers.get('x-request-id')).toBe('client-chosen-id')
  })

  it('a response that embeds the request id is not shared: each request runs its own', async () => {
    const { shared, runs, gate, get } = heldApp({
      before: [requestId()],
      respond: (c) => c.json({ requestId: c.get('requestId') }),
    })
    const responses = await burst(shared, gate, [get(), get(), get()])
    expect(runs.count).toBe(3)
    for (const response of responses) {
      expect((await response.json()).requestId).toBe(response.headers.get('x-request-id'))
    }
    // The resource is remembered as one that can't be shared: the next burst passes at once.
    const next = await Promise.all([get()(), get()()])
    expect(next.map((r) => r.headers.get('x-shared-call'))).toEqual(['pass', 'pass'])
  })

  it('secureHeaders() with a CSP nonce: the nonce in each page matches its own header', async () => {
    const { shared, runs, gate, get } = heldApp({
      before: [cspWithNonce()],
      respond: (c) => c.html(`<script nonce="${c.get('secureHeadersNonce')}">boot()</script>`),
    })
    const responses = await burst(shared, gate, [get(), get(), get()])
    expect(runs.count).toBe(3)
    for (const response of responses) {
      const nonce = NONCE_IN_HEADER.exec(response.headers.get('content-security-policy')!)![1]
      expect(await response.text()).toBe(`<script nonce="${nonce}">boot()</script>`)
    }
  })

  it('a page without the nonce is still shared, with each request’s own CSP header', async () => {
    const { shared, runs, gate, get } = heldApp({
      before: [cspWithNonce()],
      respond: (c) => c.html('<p>static</p>'),
    })
    const responses = await burst(shared, gate, [get(), get()])
    expect(runs.count).toBe(1)
    const [a, b] = responses.map((r) => r.headers.get('content-security-policy'))
    expect(a).not.toBe(b)
  })

  it('headers a rate limiter set before next() are each client’s own', async () => {
    const remaining: Record<string, number> = { a: 9, b: 3 }
    const limiter: MiddlewareHandler = async (c, next) => {
      c.header('ratelimit-remaining', String(remaining[c.req.header('x-client')!]))
      await next()
    }
    const { shared, runs, gate, get } = heldApp({
      before: [limiter],
      respond: (c) => c.text('ok'),
    })
    const responses = await burst(shared, gate, [
      get({ 'x-client': 'a' }),
      get({ 'x-client': 'b' }),
    ])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['9', '3'])
  })

  it('a header only the leader’s outer middleware set never reaches a follower', async () => {
    const beta: MiddlewareHandler = async (c, next) => {
      if (c.req.header('x-beta')) c.header('x-beta-features', 'on')
      await next()
    }
    const { shared, gate, get } = heldApp({ before: [beta], respond: (c) => c.text('ok') })
    const responses = await burst(shared, gate, [get({ 'x-beta': '1' }), get()])
    expect(responses.map((r) => r.headers.get('x-beta-features'))).toEqual(['on', null])
  })

  it('a cookie a middleware before sharedCall() set for this visitor does not stop sharing', async () => {
    let visitors = 0
    const visitorCookie: MiddlewareHandler = async (c, next) => {
      c.header('set-cookie', `visitor=v${++visitors}; Path=/`, { append: true })
      await next()
    }
    const { shared, runs, gate, get } = heldApp({
      before: [visitorCookie],
      respond: (c) => c.text('welcome'),
    })
    const responses = await burst(shared, gate, [get(), get(), get()])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.headers.get('set-cookie'))).toEqual([
      'visitor=v1; Path=/',
      'visitor=v2; Path=/',
      'visitor=v3; Path=/',
    ])
  })
})

describe('a header the handler changed is the handler’s, as it would be without sharedCall()', () => {
  /** A middleware before sharedCall() that says the page is English and varies on Origin. */
  const english: MiddlewareHandler = async (c, next) => {
    c.header('vary', 'Origin')
    c.header('content-language', 'en')
    c.header('x-robots-tag', 'noindex')
    await next()
  }
  /** A handler that answers in French and says so, and lets robots in. */
  const french = (c: import('hono').Context) => {
    c.header('vary', 'Accept-Language', { append: true })
    c.header('content-language', 'fr')
    c.header('x-robots-tag', undefined)
    return c.text('Bonjour')
  }
  const fr = { 'accept-language': 'fr' }

  it('a lone leader gets the handler’s Vary and Content-Language, and no header it removed', async () => {
    const { app, gate } = heldApp({ before: [english, requestId()], respond: french })
    gate.resolve()
    const response = await app.request('/r', { headers: fr })
    expect(response.headers.get('x-shared-call')).toBe('leader')
    expect(response.headers.get('vary')).toBe('Origin, Accept-Language')
    expect(response.headers.get('content-language')).toBe('fr')
    expect(response.headers.get('x-robots-tag')).toBeNull()
  })

  it('so do the followers, each with its own untouched per-request headers', async () => {
    const { shared, runs, gate, get } = heldApp({
      before: [english, requestId()],
      respond: french,
    })
    const responses = await burst(shared, gate, [get(fr), get(fr), get(fr)])
    expect(runs.count).toBe(1)
    for (const response of responses) {
      expect(response.headers.get('vary')).toBe('Origin, Accept-Language')
      expect(response.headers.get('content-language')).toBe('fr')
      expect(response.headers.get('x-robots-tag')).toBeNull()
      expect(await response.text()).toBe('Bonjour')
    }
    // The request id, which the handler left alone, stays each request's own.
    expect(new Set(responses.map((r) => r.headers.get('x-request-id'))).size).toBe(3)
  })

  it('a per-request header only a follower got, and the handler never set, stays the follower’s', async () => {
    const beta: MiddlewareHandler = async (c, next) => {
      if (c.req.header('x-beta')) c.header('x-beta-features', 'on')
      await next()
    }
    const { shared, gate, get } = heldApp({ before: [beta], respond: (c) => c.text('ok') })
    const responses = await burst(shared, gate, [get(), get({ 'x-beta': '1' })])
    expect(responses.map((r) => r.headers.get('x-beta-features'))).toEqual([null, 'on'])
  })
})

describe('a secret inside a c.set() object stays its request’s', () => {
  /** A session middleware before sharedCall(): a new session per visitor, with its CSRF token. */
  const sessions = () => {
    const csrfOf = new Map<string, string>()
    const middleware: MiddlewareHandler = async (c, next) => {
      const id = crypto.randomUUID()
      const csrf = crypto.randomUUID()
      csrfOf.set(id, csrf)
      c.set('session', { id, data: { csrf, flash: [] } })
      c.header('set-cookie', `sid=${id}; HttpOnly`, { append: true })
      await next()
    }
    return { csrfOf, middleware }
  }
  const sidOf = (response: Response) => /sid=([^;]+)/.exec(response.headers.get('set-cookie')!)![1]!

  it('a page with the session’s CSRF token: each follower gets the token its own cookie names', async () => {
    const { csrfOf, middleware } = sessions()
    const { shared, runs, gate, get } = heldApp({
      before: [middleware],
      respond: (c) => c.html(`<input name="csrf" value="${c.get('session').data.csrf}">`),
    })
    const responses = await burst(shared, gate, [get(), get(), get()])
    expect(runs.count).toBe(3)
    for (const response of responses) {
      const csrf = csrfOf.get(sidOf(response))
      expect(await response.text()).toBe(`<input name="csrf" value="${csrf}">`)
    }
  })

  it('the same inside a class instance, as session libraries keep it', async () => {
    class Session {
      cache = { data: new Map<string, string>(), values: { csrf: crypto.randomUUID() } }
    }
    const session: MiddlewareHandler = async (c, next) => {
      c.set('session', new Session())
      await next()
    }
    const { shared, runs, gate, get } = heldApp({
      before: [session],
      respond: (c) => c.text(`csrf=${c.get('session').cache.values.csrf}`),
    })
    const responses = await burst(shared, gate, [get(), get()])
    expect(runs.count).toBe(2)
    const [a, b] = await Promise.all(responses.map((r) => r.text()))
    expect(a).not.toBe(b)
  })

  it('a page without the secret is still shared', async () => {
    const { middleware } = sessions()
    const { shared, runs, gate, get } = heldApp({
      before: [middleware],
      respond: (c) => c.html('<p>catalogue</p>'),
    })
    await burst(shared, gate, [get(), get(), get()])
    expect(runs.count).toBe(1)
  })

  it('reads a bounded number of properties, however large the object a middleware keeps', async () => {
    let reads = 0
    const huge = new Proxy(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [i, {}])), {
      get: (target, key) => {
        reads++
        return Reflect.get(target, key)
      },
    })
    const keep: MiddlewareHandler = async (c, next) => {
      c.set('huge', huge)
      await next()
    }
    const { app, gate } = heldApp({ before: [keep], respond: (c) => c.text('ok') })
    gate.resolve()
    expect(await (await app.request('/r')).text()).toBe('ok')
    expect(reads).toBeLessThanOrEqual(256)
  })
})

describe('a value the client chose never turns coalescing off', () => {
  it('X-Request-Id: container, a word of the page: one run, every request keeps its own id', async () => {
    const { app, shared, runs, gate, get } = heldApp({
      before: [requestId()],
      respond: (c) => c.html('<div class="container">catalogue</div>'),
    })
    const responses = await burst(shared, gate, [
      get({ 'x-request-id': 'container' }),
      get(),
      get(),
    ])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.headers.get('x-shared-call'))).toEqual([
      'leader',
      'follower',
      'follower',
    ])
    const ids = responses.map((r) => r.headers.get('x-request-id'))
    expect(ids[0]).toBe('container')
    expect(new Set(ids).size).toBe(3)
    // Nothing was remembered as "pass": the next request leads a flight again.
    expect((await app.request('/r')).headers.get('x-shared-call')).toBe('leader')
  })

  it('nor does a long, random-looking id copied from the page, or a query value', async () => {
    const product = '3f2b8c1e-9d4a-4e7b-a1c6-5b0f7e2d9c84'
    // Keeps the campaign and the URL for analytics; the key leaves the query out.
    const campaign: MiddlewareHandler = async (c, next) => {
      c.set('campaign', c.req.query('utm_campaign'))
      c.set('visit', { url: new URL(c.req.url) })
      await next()
    }
    const { app, shared, runs, gate } = heldApp({
      before: [requestId(), campaign],
      options: { key: (c) => new URL(c.req.url).pathname },
      respond: (c) => c.json({ products: [{ id: product }], self: c.req.url }),
    })
    const responses = await burst(shared, gate, [
      () => app.request(`/r?utm_campaign=${product}`, { headers: { 'x-request-id': product } }),
      () => app.request('/r'),
      () => app.request('/r?utm_campaign=spring-sale'),
    ])
    expect(runs.count).toBe(1)
    for (const response of responses) {
      expect(await response.json()).toMatchObject({ products: [{ id: product }] })
    }
  })

  it('a value the server made is still looked for: a generated request id in the page', async () => {
    const { shared, runs, gate, get } = heldApp({
      before: [requestId()],
      respond: (c) => c.text(`request ${c.get('requestId')}`),
    })
    const responses = await burst(shared, gate, [get(), get()])
    expect(runs.count).toBe(2)
    for (const response of responses) {
      expect(await response.text()).toBe(`request ${response.headers.get('x-request-id')}`)
    }
  })
})

describe('the error path and compressed bodies', () => {
  it('an HTTPException whose answer embeds the leader’s request id: each follower gets its own', async () => {
    const { shared, runs, gate, get } = heldApp({
      before: [requestId()],
      respond: (c) => {
        throw new HTTPException(503, {
          res: new Response(`failed, request ${c.get('requestId')}`, { status: 503 }),
        })
      },
    })
    const responses = await burst(shared, gate, [get(), get(), get()])
    expect(runs.count).toBe(3)
    for (const response of responses) {
      expect(response.status).toBe(503)
      expect(await response.text()).toBe(`failed, request ${response.headers.get('x-request-id')}`)
    }
  })

  it('an HTTPException whose answer embeds none of them still reaches every waiter from one run', async () => {
    const { shared, runs, gate, get } = heldApp({
      before: [requestId()],
      respond: () => {
        throw new HTTPException(503, { res: new Response('upstream down', { status: 503 }) })
      },
    })
    const responses = await burst(shared, gate, [get(), get(), get()])
    expect(runs.count).toBe(1)
    for (const response of responses) expect(await response.text()).toBe('upstream down')
  })

  it('inflates a gzip body no further than maxBodyBytes to look for them, and then passes', async () => {
    const max = 64 * 1024
    let inflated = 0
    const Decompression = globalThis.DecompressionStream
    vi.stubGlobal(
      'DecompressionStream',
      class extends Decompression {
        override get readable() {
          return super.readable.pipeThrough(
            new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
              transform: (chunk, controller) => {
                inflated += chunk.length
                controller.enqueue(chunk)
              },
            }),
          )
        }
      },
    )
    // 8 MiB of zeros: about 8 KiB gzipped, well under maxBodyBytes.
    const bomb = new Uint8Array(
      await new Response(
        new Blob([new Uint8Array(8 << 20)]).stream().pipeThrough(new CompressionStream('gzip')),
      ).arrayBuffer(),
    )
    expect(bomb.length).toBeLessThan(max)
    const { shared, runs, gate, get } = heldApp({
      before: [requestId()],
      options: { maxBodyBytes: max },
      respond: () => new Response(bomb, { headers: { 'content-encoding': 'gzip' } }),
    })
    const responses = await burst(shared, gate, [get(), get(), get()])
    expect(inflated).toBeLessThan(4 * max)
    // Unread past the limit, the body may hold the leader's id: the followers run their own.
    expect(runs.count).toBe(3)
    for (const response of responses) expect(response.status).toBe(200)
  })
})
