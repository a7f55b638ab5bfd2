import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { counter, deferred, statsReach } from './helpers'

describe('a handler that throws', () => {
  it('gives every waiter the error through its own onError, then elects a new leader', async () => {
    const shared = new SharedCall()
    const runs = counter()
    const gate = deferred()
    const handled: string[] = []
    const app = new Hono()
    app.use('*', sharedCall({ shared }))
    app.get('/boom', async (c) => {
      runs.hit()
      if (runs.count === 1) {
        await gate.promise
        throw new Error('upstream down')
      }
      return c.text('recovered')
    })
    app.onError((error, c) => {
      handled.push(c.req.header('x-id') ?? '')
      return c.text(error.message, 502)
    })

    const responses = ['a', 'b', 'c'].map((id) => app.request('/boom', { headers: { 'x-id': id } }))
    await statsReach(shared, (s) => s.hits === 2)
    gate.resolve()
    const all = await Promise.all(responses)

    expect(runs.count).toBe(1)
    expect(handled.sort()).toEqual(['a', 'b', 'c'])
    for (const response of all) {
      expect(response.status).toBe(502)
      expect(await response.text()).toBe('upstream down')
    }
    expect(shared.getStats()).toMatchObject({ errors: 1, active: 0 })

    const next = await app.request('/boom')
    expect(next.headers.get('x-shared-call')).toBe('leader')
    expect(await next.text()).toBe('recovered')
    expect(runs.count).toBe(2)
  })
})
