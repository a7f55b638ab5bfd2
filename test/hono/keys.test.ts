import { type Context, Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { type SharedCallMiddlewareOptions, sharedCall } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { burst, heldHandler } from './helpers'

/** An app that echoes what it was asked, with `sharedCall(options)` in front and onError recording. */
const setup = (options: SharedCallMiddlewareOptions = {}) => {
  const shared = new SharedCall()
  const { runs, gate, hold } = heldHandler()
  const errors: string[] = []
  const app = new Hono<{ Variables: { user: string } }>()
  // A stand-in for verified auth: the token names the user.
  app.use('*', async (c, next) => {
    const token = c.req.header('authorization')?.replace('Bearer ', '')
    if (token) c.set('user', token)
    await next()
  })
  app.use('*', sharedCall({ shared, ...options }))
  app.get('*', async (c) => {
    await hold()
    return c.json({ url: c.req.url, user: c.get('user') ?? null })
  })
  app.onError((error, c) => {
    errors.push(`${error.name}: ${error.message}`)
    return c.text(error.message, 500)
  })
  return { app, shared, runs, gate, errors }
}

describe('keys that no request can forge', () => {
  it('a path with an encoded newline never reads as another user’s identity', async () => {
    const { app, shared, runs, gate } = setup({
      key: (c) => c.req.path,
      identity: (c: Context) => c.get('user'),
    })
    const [alice, attacker] = await burst(shared, gate, [
      () => app.request('/api/me', { headers: { authorization: 'Bearer alice' } }),
      () => app.request('/api/me%0Aalice'),
    ])
    expect(runs.count).toBe(2)
    expect(await alice!.json()).toMatchObject({ user: 'alice' })
    expect(await attacker!.json()).toEqual({ url: 'http://localhost/api/me%0Aalice', user: null })
  })

  it('an identity with a newline never reads as another part of the key', async () => {
    const { app, shared, runs, gate } = setup({ identity: (c: Context) => c.get('user') })
    const as = (user: string, origin?: string) => () =>
      app.request('/r', {
        headers: { authorization: `Bearer ${user}`, ...(origin ? { origin } : {}) },
      })
    // "alice\no:https://x" must not meet alice from origin https://x.
    const responses = await burst(shared, gate, [
      as('alice', 'https://x'),
      as('alice\\no:https://x'),
    ])
    expect(runs.count).toBe(2)
    expect((await responses[1]!.json()).user).toBe('alice\\no:https://x')
  })

  it.each([
    ['undefined', () => undefined, 'got undefined'],
    ['a Promise', async () => '/r', 'got a Promise'],
    ['an object', () => ({ path: '/r' }), 'got an object'],
    ['an empty string', () => '', 'got ""'],
    ['a number', () => 7, 'got 7'],
    ['a lone surrogate', () => '\uD800', 'got "\\ud800"'],
  ])(
    'key(c) returning %s is a TypeError for that request, never a shared flight',
    async (_, key, got) => {
      const { app, shared, runs, gate, errors } = setup({ key: key as never })
      gate.resolve()
      const [a, b] = await Promise.all([app.request('/a'), app.request('/b')])
      expect([a.status, b.status]).toEqual([500, 500])
      expect(errors[0]).toBe(
        `TypeError: shared-call: key(c) must be a non-empty string without lone surrogates, returned synchronously, ${got}`,
      )
      expect(runs.count).toBe(0)
      expect(shared.getStats().misses).toBe(0)
    },
  )

  it.each([
    ['an object', () => ({ id: 'alice' }), 'got an object'],
    ['a Promise of an object', async () => ({ id: 'alice' }), 'got an object'],
    ['a number', () => 42, 'got 42'],
    ['an empty string', () => '', 'got ""'],
  ])('identity(c) returning %s is a TypeError for that request', async (_, identity, got) => {
    const { app, shared, runs, gate, errors } = setup({ identity: identity as never })
    gate.resolve()
    const [a, b] = await Promise.all([
      app.request('/r', { headers: { authorization: 'Bearer alice' } }),
      app.request('/r', { headers: { authorization: 'Bearer bob' } }),
    ])
    expect([a.status, b.status]).toEqual([500, 500])
    expect(errors[0]).toBe(
      `TypeError: shared-call: identity(c) must be a non-empty string without lone surrogates, null or undefined, ${got}`,
    )
    expect(runs.count).toBe(0)
    expect(shared.getStats().misses).toBe(0)
  })

  it('keeps host, query order and percent-encoding apart by default', async () => {
    const { app, shared, runs, gate } = setup()
    const urls = [
      'http://a.example/r?x=1&y=2',
      'http://b.example/r?x=1&y=2',
      'http://a.example/r?y=2&x=1',
      'http://a.example/r?x=1&x=2',
      'http://a.example/r?x=2&x=1',
      'http://a.example/a%2Fb',
      'http://a.example/a/b',
      'http://a.example/r?x=1&y=2',
    ]
    const responses = await burst(
      shared,
      gate,
      urls.map((url) => () => app.request(url)),
    )
    expect(runs.count).toBe(7)
    const bodies = await Promise.all(responses.map((r) => r.json()))
    expect(bodies.map((b) => b.url)).toEqual(urls)
  })

  it('lets a request that switches protocol (Upgrade) through', async () => {
    const { app, shared, gate } = setup()
    gate.resolve()
    const response = await app.request('/ws', {
      headers: { upgrade: 'websocket', connection: 'Upgrade' },
    })
    expect(response.headers.get('x-shared-call')).toBe('pass')
    expect(shared.getStats().misses).toBe(0)
  })
})
