// Issue 23: each request counts once in the stats, as its x-shared-call
// header says: `leader` a miss, `follower` a hit, `pass` a pass. So
// hits + misses + passes is the number of requests, request by request.
import { Hono } from 'hono'
import { SharedCall, type SharedCallStats } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { burst, counter, deferred, heldApp, statsReach } from './helpers'

afterEach(() => {
  vi.useRealTimers()
})

/** The roles the responses' headers give, counted. */
const roles = (responses: Response[]) => {
  const count = { leader: 0, follower: 0, pass: 0 }
  for (const response of responses) {
    const role = response.headers.get('x-shared-call') as keyof typeof count
    expect(Object.keys(count)).toContain(role)
    count[role]++
  }
  return count
}

/** The stats as the three roles. */
const asRoles = ({ misses, hits, passes }: SharedCallStats) => ({
  leader: misses,
  follower: hits,
  pass: passes,
})

describe('stats count each request once, as its x-shared-call header says', () => {
  it('200 requests, 100 in 100 languages and 100 in English, on a response that varies on the language (issue 23 saw it with 1000)', async () => {
    const { shared, runs, gate, get } = heldApp({
      respond: (c) => {
        c.header('vary', 'Accept-Language')
        return c.text(`in ${c.req.header('accept-language')}`)
      },
    })
    const languages = Array.from({ length: 100 }, (_, i) => `x-${i}`)
    const requests = [
      ...Array.from({ length: 100 }, () => get({ 'accept-language': 'en' })),
      ...languages.map((language) => get({ 'accept-language': language })),
    ]
    const responses = await burst(shared, gate, requests)

    const bodies = await Promise.all(responses.map((r) => r.text()))
    expect(bodies.slice(0, 100)).toEqual(Array(100).fill('in en'))
    expect(bodies.slice(100)).toEqual(languages.map((language) => `in ${language}`))
    // English once, then each other language once.
    expect(runs.count).toBe(101)
    const stats = shared.getStats()
    // The old count: 199 hits for 200 requests (each other language a hit, then a miss).
    expect(stats).toMatchObject({ misses: 101, hits: 99, passes: 0, hitRate: 0.495 })
    expect(roles(responses)).toEqual(asRoles(stats))
  })

  it('a stuck leader taken over after waitTimeout: its followers pass, the next burst leads a fresh flight', async () => {
    vi.useFakeTimers()
    const shared = new SharedCall()
    const runs = counter()
    const gate = deferred()
    const app = new Hono()
    app.use('*', sharedCall({ shared, waitTimeout: 50 }))
    app.get('/r', async (c) => {
      runs.hit()
      // The first run is stuck; the followers' own runs and the fresh flight's wait at the gate.
      await (runs.count === 1 ? new Promise(() => {}) : gate.promise)
      return c.text('ok')
    })
    const stuck = app.request('/r')
    const gaveUp = Array.from({ length: 5 }, () => app.request('/r'))
    await statsReach(shared, (s) => s.hits === 5)
    vi.advanceTimersByTime(50)
    await runs.reached(6)
    // The stuck flight is past waitTimeout: the next burst does not join it.
    const fresh = Array.from({ length: 4 }, () => app.request('/r'))
    await statsReach(shared, (s) => s.hits === 3)
    gate.resolve()
    const responses = await Promise.all([...gaveUp, ...fresh])

    expect(runs.count).toBe(7) // the stuck one, five of their own, one fresh flight
    expect(roles(responses)).toEqual({ leader: 1, follower: 3, pass: 5 })
    // The stuck leader never answered: it is the one miss not in the responses.
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 3, passes: 5 })
    void stuck
  })

  it('requests that pass before any flight, leaders whose answer cannot be shared, errors: all counted once', async () => {
    const shared = new SharedCall()
    const gate = deferred()
    const app = new Hono()
    app.use('*', sharedCall({ shared }))
    app.get('/session', async (c) => {
      await gate.promise
      return c.text('yours', 200, { 'set-cookie': `s=${Math.random()}` })
    })
    app.get('/product', async (c) => {
      await gate.promise
      return c.text('shared')
    })
    app.get('/broken', async () => {
      await gate.promise
      throw new Error('down')
    })
    app.onError((error, c) => c.text(error.message, 502))
    const requests = [
      ...Array.from({ length: 3 }, () => app.request('/session')),
      ...Array.from({ length: 4 }, () => app.request('/product')),
      ...Array.from({ length: 2 }, () => app.request('/broken')),
      ...Array.from({ length: 2 }, () =>
        app.request('/product', { headers: { authorization: 'Bearer me' } }),
      ),
    ]
    await statsReach(shared, (s) => s.hits + s.misses + s.passes === 11)
    gate.resolve()
    const responses = await Promise.all(requests)

    const stats = shared.getStats()
    expect(stats).toMatchObject({ misses: 2, hits: 4, passes: 5, errors: 1 })
    expect(stats.hits + stats.misses + stats.passes).toBe(responses.length)
    expect(roles(responses)).toEqual(asRoles(stats))
  })
})
