import { Hono } from 'hono'
import { etag } from 'hono/etag'
import { SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { burst, heldHandler } from './helpers'

const BODY = 'the same representation for everyone'
const LAST_MODIFIED = 'Tue, 01 Apr 2025 10:00:00 GMT'

/**
 * Hono's etag() registered after sharedCall(), as a new user would: the
 * handler records the conditional headers it saw.
 */
const setup = (shared = new SharedCall()) => {
  const { runs, gate, hold } = heldHandler()
  const seen: (string | undefined)[] = []
  const app = new Hono()
  app.use('*', sharedCall({ shared }))
  app.use('*', etag())
  app.get('/doc', async (c) => {
    seen.push(
      c.req.header('if-none-match') ??
        c.req.header('if-modified-since') ??
        c.req.header('if-match') ??
        c.req.header('if-unmodified-since'),
    )
    await hold()
    return c.text(BODY, 200, { 'last-modified': LAST_MODIFIED, 'cache-control': 'max-age=60' })
  })
  return { app, shared, runs, gate, seen }
}

/** The ETag etag() gives BODY. */
const etagOf = async () => {
  const { app, gate } = setup()
  gate.resolve()
  return (await app.request('/doc')).headers.get('etag')!
}

describe('conditional requests: each client gets the answer its own validators call for', () => {
  it('etag() after sharedCall(): a matching If-None-Match leads, and only it gets a 304', async () => {
    const tag = await etagOf()
    const { app, shared, runs, gate, seen } = setup()
    const as = (headers: Record<string, string>) => () => app.request('/doc', { headers })
    const [revalidating, plain, stale, star] = await burst(shared, gate, [
      as({ 'if-none-match': tag }),
      as({}),
      as({ 'if-none-match': '"something-else"' }),
      as({ 'if-none-match': '*' }),
    ])

    expect(runs.count).toBe(1)
    expect(seen).toEqual([undefined])
    expect(revalidating!.status).toBe(304)
    expect(revalidating!.headers.get('etag')).toBe(tag)
    expect(revalidating!.headers.get('cache-control')).toBe('max-age=60')
    expect(revalidating!.headers.get('content-type')).toBeNull()
    expect(revalidating!.headers.get('content-length')).toBeNull()
    expect(revalidating!.headers.get('x-shared-call')).toBe('leader')
    expect(await revalidating!.text()).toBe('')
    for (const response of [plain!, stale!]) {
      expect(response.status).toBe(200)
      expect(response.headers.get('etag')).toBe(tag)
      expect(response.headers.get('x-shared-call')).toBe('follower')
      expect(await response.text()).toBe(BODY)
    }
    expect(star!.status).toBe(304)
  })

  it('gives a weak If-None-Match a 304 (weak comparison) and If-Match a 412 unless it matches strongly', async () => {
    const tag = await etagOf()
    const { app, shared, runs, gate } = setup()
    const as = (headers: Record<string, string>) => () => app.request('/doc', { headers })
    const responses = await burst(shared, gate, [
      as({}),
      as({ 'if-none-match': `"x", W/${tag}` }),
      as({ 'if-match': '"not-it"' }),
      as({ 'if-match': `"x", ${tag}` }),
      as({ 'if-match': `W/${tag}` }),
      as({ 'if-match': '*' }),
    ])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.status)).toEqual([200, 304, 412, 200, 412, 200])
    const failed = responses[2]!
    expect(await failed.text()).toBe('')
    expect(failed.headers.get('cache-control')).toBeNull()
    expect(failed.headers.get('x-shared-call')).toBe('follower')
  })

  it('answers If-Modified-Since and If-Unmodified-Since from the shared Last-Modified', async () => {
    const { app, shared, runs, gate } = setup()
    const as = (headers: Record<string, string>) => () => app.request('/doc', { headers })
    const later = 'Wed, 02 Apr 2025 10:00:00 GMT'
    const earlier = 'Mon, 31 Mar 2025 10:00:00 GMT'
    const future = new Date(Date.now() + 86_400_000).toUTCString()
    const responses = await burst(shared, gate, [
      as({ 'if-modified-since': LAST_MODIFIED }),
      as({ 'if-modified-since': later }),
      as({ 'if-modified-since': earlier }),
      as({ 'if-modified-since': future }),
      as({ 'if-modified-since': 'not a date' }),
      as({ 'if-unmodified-since': earlier }),
      as({ 'if-unmodified-since': later }),
      // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
      as({ 'if-none-match': '"other"', 'if-modified-since': later }),
    ])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.status)).toEqual([304, 304, 200, 200, 200, 412, 200, 200])
  })

  it('reads HTTP-dates in their three forms and ignores anything else (RFC 9110 §5.6.7, §13.1.3)', async () => {
    const { app, shared, runs, gate } = setup()
    const as = (headers: Record<string, string>) => () => app.request('/doc', { headers })
    const dates = [
      'Wed, 02 Apr 2025 10:00:00 GMT', // IMF-fixdate
      'Wednesday, 02-Apr-25 10:00:00 GMT', // obsolete RFC 850
      'Wed Apr  2 10:00:00 2025', // obsolete asctime
      '2026',
      '2025-04-02T10:00:00Z',
      'Wed, 02 Apr 2025 10:00:00 +0000',
      'wed, 02 apr 2025 10:00:00 gmt',
      'Wed, 31 Apr 2025 10:00:00 GMT',
      'Wed, 02 Apr 2025 10:60:00 GMT',
      'Thu, 02 Apr 2025 10:00:00 GMT', // not a Thursday
    ]
    const responses = await burst(shared, gate, [
      ...dates.map((date) => as({ 'if-modified-since': date })),
      as({ 'if-unmodified-since': '2023' }),
      as({ 'if-unmodified-since': 'Sunday, 06-Nov-94 08:49:37 GMT' }),
    ])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.status)).toEqual([
      304, 304, 304, 200, 200, 200, 200, 200, 200, 200, 200, 412,
    ])
  })

  it('ignores a Last-Modified that is not an HTTP-date', async () => {
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const app = new Hono()
    app.use('*', sharedCall({ shared }))
    app.get('/doc', async (c) => {
      await hold()
      return c.text(BODY, 200, { 'last-modified': '2025-04-01T10:00:00Z' })
    })
    const as = (date: string) => () =>
      app.request('/doc', { headers: { 'if-modified-since': date } })
    const responses = await burst(shared, gate, [
      as('Wed, 02 Apr 2025 10:00:00 GMT'),
      as('Wed, 02 Apr 2025 10:00:00 GMT'),
    ])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.status)).toEqual([200, 200])
  })

  it('answers HEAD requests with their own 304 too', async () => {
    const tag = await etagOf()
    const { app, shared, runs, gate } = setup()
    const head = (headers: Record<string, string>) => () =>
      app.request('/doc', { method: 'HEAD', headers })
    const [hit, miss] = await burst(shared, gate, [head({ 'if-none-match': tag }), head({})])
    expect(runs.count).toBe(1)
    expect([hit!.status, miss!.status]).toEqual([304, 200])
  })

  it('with shareFor, a kept 304 never reaches a later unconditional request', async () => {
    const tag = await etagOf()
    const { app, gate, runs } = setup(new SharedCall({ shareFor: 60_000 }))
    gate.resolve()
    const first = await app.request('/doc', { headers: { 'if-none-match': tag } })
    const second = await app.request('/doc')
    expect(first.status).toBe(304)
    expect(second.status).toBe(200)
    expect(second.headers.get('x-shared-call')).toBe('follower')
    expect(await second.text()).toBe(BODY)
    expect(runs.count).toBe(1)
  })

  it('lets the leader keep its outer middleware view of If-None-Match (etag() before sharedCall())', async () => {
    const tag = await etagOf()
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const app = new Hono()
    app.use('*', etag())
    app.use('*', sharedCall({ shared }))
    app.get('/doc', async (c) => {
      await hold()
      return c.text(BODY)
    })
    const as = (headers: Record<string, string>) => () => app.request('/doc', { headers })
    const responses = await burst(shared, gate, [as({ 'if-none-match': tag }), as({})])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.status)).toEqual([304, 200])
    expect(await responses[1]!.text()).toBe(BODY)
  })

  it('never shares a 304 or 412 the handler made by itself: followers run their own', async () => {
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const app = new Hono()
    app.use('*', sharedCall({ shared }))
    app.get('/doc', async (c) => {
      await hold()
      // A handler that answers 304 from something other than the validators.
      return runs.count === 1 ? c.body(null, 304) : c.text(BODY)
    })
    const responses = await burst(shared, gate, [
      () => app.request('/doc'),
      () => app.request('/doc'),
    ])
    expect(responses.map((r) => r.status)).toEqual([304, 200])
    expect(responses.map((r) => r.headers.get('x-shared-call'))).toEqual(['pass', 'pass'])
    expect(runs.count).toBe(2)
  })

  it('a leader whose response can’t be shared still gets the 304 its own validators call for', async () => {
    const tag = await etagOf()
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const app = new Hono()
    app.use('*', sharedCall({ shared }))
    app.use('*', etag())
    app.get('/doc', async (c) => {
      await hold()
      return c.text(BODY, 200, { 'set-cookie': 'seen=1' })
    })
    const [revalidating, plain] = await burst(shared, gate, [
      () => app.request('/doc', { headers: { 'if-none-match': tag } }),
      () => app.request('/doc'),
    ])
    expect(revalidating!.status).toBe(304)
    expect(revalidating!.headers.get('x-shared-call')).toBe('pass')
    expect(revalidating!.headers.get('etag')).toBe(tag)
    expect(revalidating!.headers.get('set-cookie')).toBe('seen=1')
    expect(await revalidating!.text()).toBe('')
    expect(plain!.status).toBe(200)
    expect(await plain!.text()).toBe(BODY)
    expect(runs.count).toBe(2)
  })
})
