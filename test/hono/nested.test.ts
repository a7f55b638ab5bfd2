import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deferred } from '../support/deferred'
import { burst, counter, heldHandler, statsReach } from './helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('a request never waits on its own flight', () => {
  it('the same SharedCall on an app and its sub-app, waitTimeout 0: no hang, one run', async () => {
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const api = new Hono()
    api.use('*', sharedCall({ shared, waitTimeout: 0 }))
    api.get('/items/:id', async (c) => {
      await hold()
      return c.json({ id: c.req.param('id') })
    })
    const app = new Hono()
    app.use('/api/*', sharedCall({ shared, waitTimeout: 0 }))
    app.route('/api', api)

    const responses = await burst(shared, gate, [
      () => app.request('/api/items/1'),
      () => app.request('/api/items/1'),
      () => app.request('/api/items/1'),
    ])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.headers.get('x-shared-call'))).toEqual([
      'leader',
      'follower',
      'follower',
    ])
    for (const response of responses) expect(await response.json()).toEqual({ id: '1' })
  })

  it('the same middleware registered twice on one route', async () => {
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const middleware = sharedCall({ shared, waitTimeout: 0 })
    const app = new Hono()
    app.use('*', middleware)
    app.use('/api/*', middleware)
    app.get('/api/x', async (c) => {
      await hold()
      return c.text('x')
    })
    const responses = await burst(shared, gate, [
      () => app.request('/api/x'),
      () => app.request('/api/x'),
    ])
    expect(runs.count).toBe(1)
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual(['x', 'x'])
  })

  it('a follower that gave up waiting does not wait again in a nested sharedCall()', async () => {
    vi.useFakeTimers()
    const shared = new SharedCall()
    const runs = counter()
    const never = deferred()
    const app = new Hono()
    app.use('*', sharedCall({ shared, waitTimeout: 50 }))
    app.use('/api/*', sharedCall({ shared, waitTimeout: 50 }))
    app.get('/api/x', async (c) => {
      runs.hit()
      if (runs.count === 1) await never.promise
      return c.text(`run ${runs.count}`)
    })
    void app.request('/api/x')
    const follower = app.request('/api/x')
    await statsReach(shared, (s) => s.hits === 1)
    vi.advanceTimersByTime(50)
    // It runs the handler at once, without joining the stuck flight a second time.
    await runs.reached(2)
    expect(await (await follower).text()).toBe('run 2')
    // Counted once: a pass, not a hit of the flight it gave up on and another of its own.
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 0, passes: 1 })
  })
})

describe('a stuck leader', () => {
  it('is not joined once its flight has run past waitTimeout: a new request leads a fresh one', async () => {
    vi.useFakeTimers()
    const shared = new SharedCall()
    const runs = counter()
    const stuck = deferred()
    const gate = deferred()
    const app = new Hono()
    app.use('*', sharedCall({ shared, waitTimeout: 50 }))
    app.get('/slow', async (c) => {
      runs.hit()
      const run = runs.count
      await (run === 1 ? stuck.promise : gate.promise)
      return c.text(`run ${run}`)
    })

    const first = app.request('/slow')
    await runs.reached(1)
    vi.advanceTimersByTime(49)
    const early = app.request('/slow')
    await statsReach(shared, (s) => s.hits === 1)
    vi.advanceTimersByTime(1)
    // Past waitTimeout: the next request leads a fresh flight at once, its followers join it.
    const fresh = app.request('/slow')
    await runs.reached(2)
    const joiner = app.request('/slow')
    await statsReach(shared, (s) => s.hits === 2)
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 2 })
    gate.resolve()
    expect((await fresh).headers.get('x-shared-call')).toBe('leader')
    expect(await (await fresh).text()).toBe('run 2')
    expect((await joiner).headers.get('x-shared-call')).toBe('follower')
    expect(await (await joiner).text()).toBe('run 2')
    // The one that joined before the flight was stuck waits its own waitTimeout, then runs its own.
    vi.advanceTimersByTime(48)
    await Promise.resolve()
    expect(runs.count).toBe(2)
    vi.advanceTimersByTime(1)
    await runs.reached(3)
    expect(await (await early).text()).toBe('run 3')

    // The stuck flight still answers its leader, and doesn't evict anything when it ends.
    stuck.resolve()
    expect(await (await first).text()).toBe('run 1')
    expect(runs.count).toBe(3)
  })

  it('with waitTimeout 0, followers wait as long as the leader runs', async () => {
    vi.useFakeTimers()
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const app = new Hono()
    app.use('*', sharedCall({ shared, waitTimeout: 0 }))
    app.get('/slow', async (c) => {
      await hold()
      return c.text('done')
    })
    const first = app.request('/slow')
    await runs.reached(1)
    vi.advanceTimersByTime(3_600_000)
    const late = app.request('/slow')
    await statsReach(shared, (s) => s.hits === 1)
    gate.resolve()
    expect(await (await late).text()).toBe('done')
    expect(await (await first).text()).toBe('done')
    expect(runs.count).toBe(1)
  })
})
