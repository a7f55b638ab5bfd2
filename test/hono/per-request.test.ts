import type { MiddlewareHandler } from 'hono'
import { requestId } from 'hono/request-id'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import { describe, expect, it } from 'vitest'
import { burst, heldApp } from './helpers'

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
