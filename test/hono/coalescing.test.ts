import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { counter, deferred, statsReach } from './helpers'

/** An app whose handler holds every run at `gate` and echoes the path and query. */
const setup = () => {
  const shared = new SharedCall()
  const runs = counter()
  const gate = deferred()
  const app = new Hono()
  app.use('*', sharedCall({ shared }))
  const handler = async (c: import('hono').Context) => {
    runs.hit()
    await gate.promise
    c.header('x-run', String(runs.count))
    return c.json({ path: c.req.path, q: c.req.query('q') ?? null, run: runs.count }, 203)
  }
  app.get('/items/:id', handler)
  app.post('/items/:id', handler)
  return { app, shared, runs, gate }
}

describe('sharedCall() coalesces concurrent identical GETs', () => {
  it('runs the handler once for 100 requests; each gets its own readable copy', async () => {
    const { app, shared, runs, gate } = setup()
    const responses = Array.from({ length: 100 }, () => app.request('/items/1?q=a'))
    await statsReach(shared, (s) => s.hits + s.misses === 100)
    gate.resolve()
    const all = await Promise.all(responses)

    expect(runs.count).toBe(1)
    expect(shared.getStats()).toMatchObject({ hits: 99, misses: 1, errors: 0, active: 0 })
    const roles = all.map((r) => r.headers.get('x-shared-call'))
    expect(roles.filter((r) => r === 'leader')).toHaveLength(1)
    expect(roles.filter((r) => r === 'follower')).toHaveLength(99)
    for (const response of all) {
      expect(response.status).toBe(203)
      expect(response.headers.get('content-type')).toMatch(/application\/json/)
      expect(response.headers.get('x-run')).toBe('1')
      expect(response.bodyUsed).toBe(false)
    }
    const bodies = await Promise.all(all.map((r) => r.json()))
    for (const body of bodies) expect(body).toEqual({ path: '/items/1', q: 'a', run: 1 })
  })

  it('gives responses whose headers can be changed without touching the others', async () => {
    const { app, shared, gate } = setup()
    const responses = [app.request('/items/1'), app.request('/items/1')]
    await statsReach(shared, (s) => s.hits === 1)
    gate.resolve()
    const [a, b] = await Promise.all(responses)
    a!.headers.set('x-run', 'changed')
    expect(b!.headers.get('x-run')).toBe('1')
  })

  it('runs separate flights for a different query string or path', async () => {
    const { app, shared, runs, gate } = setup()
    const urls = ['/items/1?q=a', '/items/1?q=b', '/items/2?q=a', '/items/1?q=a']
    const responses = urls.map((url) => app.request(url))
    await statsReach(shared, (s) => s.hits + s.misses === 4)
    gate.resolve()
    const bodies = await Promise.all((await Promise.all(responses)).map((r) => r.json()))
    expect(runs.count).toBe(3)
    expect(shared.getStats()).toMatchObject({ hits: 1, misses: 3 })
    expect(bodies.map((b) => [b.path, b.q])).toEqual([
      ['/items/1', 'a'],
      ['/items/1', 'b'],
      ['/items/2', 'a'],
      ['/items/1', 'a'],
    ])
  })

  it('coalesces HEAD requests apart from GETs, with headers and no body', async () => {
    const { app, shared, runs, gate } = setup()
    const heads = Array.from({ length: 5 }, () => app.request('/items/1', { method: 'HEAD' }))
    const get = app.request('/items/1')
    await statsReach(shared, (s) => s.hits + s.misses === 6)
    gate.resolve()
    const all = await Promise.all(heads)
    expect(runs.count).toBe(2)
    expect(shared.getStats()).toMatchObject({ hits: 4, misses: 2 })
    for (const response of all) {
      expect(response.status).toBe(203)
      expect(response.headers.get('x-shared-call')).toMatch(/leader|follower/)
      expect(await response.text()).toBe('')
    }
    expect(await (await get).json()).toMatchObject({ path: '/items/1' })
  })

  it('lets POST and other methods through untouched', async () => {
    const { app, shared, runs, gate } = setup()
    gate.resolve()
    const all = await Promise.all(
      Array.from({ length: 3 }, () => app.request('/items/1', { method: 'POST', body: 'x' })),
    )
    expect(runs.count).toBe(3)
    expect(shared.getStats()).toMatchObject({ hits: 0, misses: 0 })
    for (const response of all) expect(response.headers.get('x-shared-call')).toBeNull()
  })

  it('lets a GET that carries a body through untouched', async () => {
    const { app, shared, runs, gate } = setup()
    gate.resolve()
    // Fetch forbids a GET body, so build the request a raw server could hand to Hono.
    const getWithBody = () =>
      Object.defineProperty(
        new Request('http://localhost/items/1', { method: 'PUT', body: 'x' }),
        'method',
        { value: 'GET' },
      )
    const responses = await Promise.all([app.fetch(getWithBody()), app.fetch(getWithBody())])
    expect(runs.count).toBe(2)
    expect(shared.getStats().misses).toBe(0)
    for (const response of responses) expect(response.headers.get('x-shared-call')).toBeNull()
  })

  it('uses key(c) to decide which requests are the same', async () => {
    const shared = new SharedCall()
    const runs = counter()
    const gate = deferred()
    const app = new Hono()
    app.use('*', sharedCall({ shared, key: (c) => c.req.path }))
    app.get('/items/:id', async (c) => {
      runs.hit()
      await gate.promise
      return c.text('ok')
    })
    const responses = [app.request('/items/1?utm=a'), app.request('/items/1?utm=b')]
    await statsReach(shared, (s) => s.hits === 1)
    gate.resolve()
    await Promise.all(responses)
    expect(runs.count).toBe(1)
  })
})
