import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { type SharedCallMiddlewareOptions, sharedCall } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { counter, deferred, statsReach } from './helpers'

/** A handler that answers with whatever the caller's credentials say. */
const setup = (options: SharedCallMiddlewareOptions = {}) => {
  const shared = new SharedCall()
  const runs = counter()
  const gate = deferred()
  const app = new Hono()
  app.use('*', sharedCall({ shared, ...options }))
  app.get('/me', async (c) => {
    runs.hit()
    await gate.promise
    return c.json({ who: c.req.header('authorization') ?? c.req.header('cookie') ?? null })
  })
  return { app, shared, runs, gate }
}

describe('requests with credentials', () => {
  it.each([
    ['authorization', 'Bearer alice'],
    ['cookie', 'session=alice'],
  ])('pass through when they carry %s and no identity is given', async (name, value) => {
    const { app, shared, runs, gate } = setup()
    const responses = Array.from({ length: 3 }, () =>
      app.request('/me', { headers: { [name]: value } }),
    )
    await runs.reached(3)
    gate.resolve()
    for (const response of await Promise.all(responses)) {
      expect(response.headers.get('x-shared-call')).toBe('pass')
      expect(await response.json()).toEqual({ who: value })
    }
    expect(shared.getStats()).toMatchObject({ hits: 0, misses: 0 })
  })

  it('share only with requests of the same identity when identity(c) is given', async () => {
    const { app, shared, runs, gate } = setup({
      identity: (c) => c.req.header('authorization')?.replace('Bearer ', ''),
    })
    const as = (user: string) =>
      app.request('/me', { headers: { authorization: `Bearer ${user}` } })
    const responses = [as('alice'), as('bob'), as('alice'), as('bob'), as('alice')]
    await statsReach(shared, (s) => s.hits + s.misses === 5)
    gate.resolve()
    const bodies = await Promise.all((await Promise.all(responses)).map((r) => r.json()))
    expect(runs.count).toBe(2)
    expect(bodies.map((b) => b.who)).toEqual([
      'Bearer alice',
      'Bearer bob',
      'Bearer alice',
      'Bearer bob',
      'Bearer alice',
    ])
  })

  it('pass through when identity(c) finds no identity but credentials are present', async () => {
    const { app, runs, gate } = setup({ identity: async () => undefined })
    gate.resolve()
    const responses = await Promise.all([
      app.request('/me', { headers: { cookie: 'a=1' } }),
      app.request('/me', { headers: { cookie: 'a=2' } }),
    ])
    expect(runs.count).toBe(2)
    expect(responses.map((r) => r.headers.get('x-shared-call'))).toEqual(['pass', 'pass'])
  })

  it('anonymous requests still share when identity(c) is given', async () => {
    const { app, shared, runs, gate } = setup({ identity: () => undefined })
    const responses = [app.request('/me'), app.request('/me')]
    await statsReach(shared, (s) => s.hits === 1)
    gate.resolve()
    await Promise.all(responses)
    expect(runs.count).toBe(1)
  })
})
