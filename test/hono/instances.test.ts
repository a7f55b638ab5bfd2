import { Hono, type MiddlewareHandler } from 'hono'
import { defaultSharedCall, SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { burst, heldHandler } from './helpers'

/**
 * Two apps served by one process, as a server that routes the internal
 * network to the admin app and everyone else to the public one: the same
 * URL, two answers. `admin` and `pub` are each app's sharedCall().
 */
const twoApps = (admin: MiddlewareHandler, pub: MiddlewareHandler) => {
  const { runs, gate, hold } = heldHandler()
  const app = (middleware: MiddlewareHandler, report: string) =>
    new Hono().use('*', middleware).get('/api/report', async (c) => {
      await hold()
      return c.json({ report })
    })
  const apps = {
    internal: app(admin, 'admin: salaries'),
    public: app(pub, 'public: opening hours'),
  }
  const request = (network: 'internal' | 'public') => () =>
    apps[network].fetch(new Request('http://app.example/api/report'))
  return { runs, gate, request }
}

describe('each sharedCall() has flights of its own', () => {
  it('two apps on the default SharedCall never answer each other’s requests', async () => {
    const { runs, gate, request } = twoApps(sharedCall(), sharedCall())
    const [admin, pub] = await burst(defaultSharedCall, gate, [
      request('internal'),
      request('public'),
    ])
    expect(await admin!.json()).toEqual({ report: 'admin: salaries' })
    expect(await pub!.json()).toEqual({ report: 'public: opening hours' })
    expect(runs.count).toBe(2)
    // They still count in one set of stats.
    expect(defaultSharedCall.getStats().misses).toBeGreaterThanOrEqual(2)
  })

  it('one middleware registered on both apps shares their flights', async () => {
    const middleware = sharedCall()
    const { runs, gate, request } = twoApps(middleware, middleware)
    const responses = await burst(defaultSharedCall, gate, [request('internal'), request('public')])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.headers.get('x-shared-call'))).toEqual(['leader', 'follower'])
  })

  it('so does the same SharedCall passed to both, on purpose', async () => {
    const shared = new SharedCall()
    const { runs, gate, request } = twoApps(sharedCall({ shared }), sharedCall({ shared }))
    await burst(shared, gate, [request('internal'), request('public')])
    expect(runs.count).toBe(1)
  })
})
