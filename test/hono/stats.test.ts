import { Hono } from 'hono'
import { defaultSharedCall, SharedCall } from 'shared-call'
import { sharedCall, sharedCallStats } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { deferred, statsReach } from './helpers'

describe('sharedCallStats()', () => {
  it('answers the JSON that shared.getStats() gives', async () => {
    const shared = new SharedCall()
    const gate = deferred()
    const app = new Hono()
    app.use('/api/*', sharedCall({ shared }))
    app.get('/api/x', async (c) => {
      await gate.promise
      return c.text('x')
    })
    app.get('/stats', sharedCallStats(shared))
    const responses = [app.request('/api/x'), app.request('/api/x'), app.request('/api/x')]
    await statsReach(shared, (s) => s.hits === 2)
    expect(await (await app.request('/stats')).json()).toEqual({
      hits: 2,
      misses: 1,
      passes: 0,
      errors: 0,
      active: 1,
      remoteHits: 0,
      hitRate: 2 / 3,
    })
    gate.resolve()
    await Promise.all(responses)
    expect(await (await app.request('/stats')).json()).toEqual(shared.getStats())
    expect(shared.getStats().active).toBe(0)
  })

  it('uses defaultSharedCall when no instance is given, as sharedCall() does', async () => {
    const app = new Hono()
    app.use('/api/*', sharedCall())
    app.get('/api/y', (c) => c.text('y'))
    app.get('/stats', sharedCallStats())
    const before = defaultSharedCall.getStats().misses
    await app.request('/api/y')
    const stats = await (await app.request('/stats')).json()
    expect(stats.misses).toBe(before + 1)
    expect(stats).toEqual(defaultSharedCall.getStats())
  })
})
