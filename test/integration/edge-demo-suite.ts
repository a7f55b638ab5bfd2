import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningDemo, type Runtime, startDemo } from './runtime'

/** Upstream latency of the burst: long enough that 50 requests overlap even on a slow box. */
const DELAY_MS = 1000

/** `n` concurrent requests made with `init(i)`. */
const burst = (n: number, url: string, init: (i: number) => RequestInit = () => ({})) =>
  Promise.all(Array.from({ length: n }, (_, i) => fetch(url, init(i))))

/**
 * The same checks on every runtime: edge-demo really runs there, coalesces a
 * burst into one upstream call, keeps private responses private, and reports
 * stats that match.
 */
export const edgeDemoSuite = (runtime: Runtime) =>
  describe(`edge-demo on ${runtime}`, () => {
    let demo: RunningDemo | undefined
    const url = (path: string) => `${demo!.url}${path}`
    const json = async (path: string) => (await fetch(url(path))).json()

    beforeAll(async () => {
      demo = await startDemo(runtime)
      await fetch(url('/_upstream/reset'), { method: 'POST' })
    })
    afterAll(async () => {
      await demo?.stop()
    })

    it('answers 50 concurrent identical requests with one upstream call', async () => {
      const responses = await burst(50, url(`/api/products/7?delay=${DELAY_MS}`))
      const bodies = await Promise.all(responses.map((r) => r.json()))

      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200))
      expect(await json('/_upstream/stats')).toEqual({ calls: 1, active: 0 })
      const roles = responses.map((r) => r.headers.get('x-shared-call'))
      expect(roles.filter((role) => role === 'leader')).toHaveLength(1)
      expect(roles.filter((role) => role === 'follower')).toHaveLength(49)
      for (const body of bodies) expect(body).toEqual(bodies[0])
      expect(bodies[0]).toMatchObject({ id: '7', upstreamCall: 1 })
      expect(await json('/_shared-call/stats')).toEqual({
        hits: 49,
        misses: 1,
        errors: 0,
        active: 0,
        remoteHits: 0,
        hitRate: 0.98,
      })
    })

    it('calls the upstream once per request without the middleware', async () => {
      await fetch(url('/_upstream/reset'), { method: 'POST' })
      await burst(5, url('/direct/products/7?delay=100'))
      expect(await json('/_upstream/stats')).toEqual({ calls: 5, active: 0 })
      expect((await json('/_shared-call/stats')).misses).toBe(0)
    })

    it('never shares private responses', async () => {
      await fetch(url('/_upstream/reset'), { method: 'POST' })
      const users = ['alice', 'bob', 'alice', 'bob', 'alice', 'bob']
      const [me, sessions] = await Promise.all([
        burst(users.length, url('/api/me'), (i) => ({
          headers: { authorization: `Bearer ${users[i]}` },
        })),
        burst(5, url(`/api/session?delay=${DELAY_MS}`)),
      ])

      const people = await Promise.all(me.map((r) => r.json()))
      expect(people.map((p) => p.user)).toEqual(users)
      expect(people.map((p) => p.secret)).toEqual(users.map((u) => `secret of ${u}`))
      expect(me.map((r) => r.headers.get('x-shared-call'))).toEqual(Array(6).fill('pass'))

      const cookies = sessions.map((r) => r.headers.get('set-cookie'))
      expect(new Set(cookies).size).toBe(5)
      expect(sessions.map((r) => r.headers.get('x-shared-call'))).toEqual(Array(5).fill('pass'))

      // /api/me never reached the core; the sessions did (one leader, four followers
      // that then ran the handler themselves), and nothing failed.
      expect(await json('/_shared-call/stats')).toEqual({
        hits: 4,
        misses: 1,
        errors: 0,
        active: 0,
        remoteHits: 0,
        hitRate: 0.8,
      })
    })
  })
