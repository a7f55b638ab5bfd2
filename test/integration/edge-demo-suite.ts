import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../edge-demo/app'
import { routes } from '../../edge-demo/routes'
import type { StampedeLine } from '../../edge-demo/stampede'
import { startServer } from '../core/http-server'
import { type RunningDemo, type Runtime, startDemo } from './runtime'

/** Upstream latency of the burst: long enough that 50 requests overlap even on a slow box. */
const DELAY_MS = 1000

/** Timers may fire a millisecond early on some runtimes: bounds below allow for it. */
const EARLY_MS = 5

/** `n` concurrent requests made with `init(i)`. */
const burst = (n: number, url: string, init: (i: number) => RequestInit = () => ({})) =>
  Promise.all(Array.from({ length: n }, (_, i) => fetch(url, init(i))))

/** The lines of a stampede's NDJSON answer, by type. */
const readStampede = async (response: Response) => {
  expect(response.status).toBe(200)
  const lines = (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as StampedeLine)
  const of = <T extends StampedeLine['type']>(type: T) =>
    lines.filter((line): line is Extract<StampedeLine, { type: T }> => line.type === type)
  expect(lines[0]?.type).toBe('start')
  expect(lines.at(-1)?.type).toBe('done')
  return { requests: of('request'), done: of('done')[0]! }
}

const count = (values: string[]) =>
  Object.fromEntries([...new Set(values)].map((v) => [v, values.filter((x) => x === v).length]))

/**
 * The same checks on every runtime: edge-demo really runs there, coalesces a
 * burst into one upstream call, keeps private responses private, and reports
 * stats that match; its stampede route shows the herd against a pooled upstream.
 */
export const edgeDemoSuite = (runtime: Runtime) =>
  describe(`edge-demo on ${runtime}`, () => {
    let demo: RunningDemo | undefined
    /** A real HTTP origin for /api/origin/:id: it holds each request until the test opens it. */
    let origin: Awaited<ReturnType<typeof startServer>> | undefined
    const url = (path: string) => `${demo!.url}${path}`
    const json = async (path: string) => (await fetch(url(path))).json()

    beforeAll(async () => {
      origin = await startServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ from: 'origin', path: req.url }))
      })
      demo = await startDemo(runtime, undefined, { ORIGIN_URL: origin.url('/') })
      await fetch(url('/_upstream/reset'), { method: 'POST' })
    })
    afterAll(async () => {
      await demo?.stop()
      await origin?.close()
    })

    it('answers 50 concurrent identical requests with one upstream call', async () => {
      const responses = await burst(50, url(`/api/products/7?delay=${DELAY_MS}`))
      const bodies = await Promise.all(responses.map((r) => r.json()))

      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200))
      expect(await json('/_upstream/stats')).toEqual({ calls: 1, active: 0, waiting: 0, peak: 1 })
      const roles = responses.map((r) => r.headers.get('x-shared-call'))
      expect(roles.filter((role) => role === 'leader')).toHaveLength(1)
      expect(roles.filter((role) => role === 'follower')).toHaveLength(49)
      for (const body of bodies) expect(body).toEqual(bodies[0])
      expect(bodies[0]).toMatchObject({ id: '7', upstreamCall: 1 })
      expect(await json('/_shared-call/stats')).toEqual({
        hits: 49,
        misses: 1,
        passes: 0,
        errors: 0,
        active: 0,
        remoteHits: 0,
        hitRate: 0.98,
      })
    })

    it('calls the upstream once per request without the middleware', async () => {
      await fetch(url('/_upstream/reset'), { method: 'POST' })
      await burst(5, url('/direct/products/7?delay=100'))
      expect(await json('/_upstream/stats')).toMatchObject({ calls: 5, active: 0 })
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

      // Every request passed, as its header says: /api/me before any flight, the
      // sessions after one (its leader's answer could not be shared); nothing failed.
      expect(await json('/_shared-call/stats')).toEqual({
        hits: 0,
        misses: 0,
        passes: 11,
        errors: 0,
        active: 0,
        remoteHits: 0,
        hitRate: 0,
      })
    })

    describe('a handler that proxies an origin with c.req.raw.signal (/api/origin/:id)', () => {
      /** Three clients of one product, each able to hang up; resolves once all three are in its flight. */
      const threeClients = async () => {
        await fetch(url('/_upstream/reset'), { method: 'POST' })
        origin!.reset()
        const clients = [0, 1, 2].map(() => new AbortController())
        const answers = clients.map((client) =>
          fetch(url('/api/origin/7'), { signal: client.signal }).then(
            async (r) => [r.status, r.headers.get('x-shared-call'), await r.json()],
            (error: Error) => error.name,
          ),
        )
        await origin!.arrived()
        await json('/_shared-call/stats?calls=3')
        return { clients, answers }
      }
      const product = { from: 'origin', path: '/products/7' }

      it('one client hangs up mid-flight: the other two get 200, the origin was called once', async () => {
        const { clients, answers } = await threeClients()
        clients[0]!.abort()
        // The runtime told the app (wrangler dev never does: there, nothing happens at all).
        if (runtime !== 'workerd')
          expect(await json('/_clients?hungUp=1')).toMatchObject({ hungUp: 1 })
        origin!.open()

        expect(await answers[0]).toBe('AbortError')
        expect(await Promise.all(answers.slice(1))).toEqual([
          [200, 'follower', product],
          [200, 'follower', product],
        ])
        expect(origin!.seen).toHaveLength(1)
        expect(await origin!.seen[0]!.aborted).toBe(false)
      })

      if (runtime === 'workerd') {
        it('all three hang up: wrangler dev never aborts request.signal, so the origin call runs to its end', async () => {
          const { clients, answers } = await threeClients()
          for (const client of clients) client.abort()
          expect(await Promise.all(answers)).toEqual(['AbortError', 'AbortError', 'AbortError'])
          expect(await json('/_clients')).toEqual({ requests: 3, hungUp: 0 })
          origin!.open()
          expect(await origin!.seen[0]!.aborted).toBe(false)
          expect(origin!.seen).toHaveLength(1)
        })
      } else {
        it('all three hang up: the origin sees its call aborted', async () => {
          const { clients, answers } = await threeClients()
          for (const client of clients) client.abort()
          expect(await json('/_clients?hungUp=3')).toEqual({ requests: 3, hungUp: 3 })
          expect(await origin!.seen[0]!.aborted).toBe(true)
          expect(await Promise.all(answers)).toEqual(['AbortError', 'AbortError', 'AbortError'])
          origin!.open()
          expect(origin!.seen).toHaveLength(1)
        })
      }
    })

    it('answers / with an index of every route', async () => {
      const text = await (await fetch(url('/'))).text()
      const page = await (await fetch(url('/'), { headers: { accept: 'text/html' } })).text()
      const served = app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/')
      expect(served.length).toBeGreaterThan(0)
      for (const { method, path } of served) {
        expect(routes, `${method} ${path} in edge-demo/routes.ts`).toContainEqual(
          expect.objectContaining({ method, path }),
        )
      }
      for (const { method, path } of routes) {
        expect(text).toContain(`${method} ${path}`)
        expect(page).toContain(path)
      }
      expect(page).toMatch(/^<!doctype html>/)
    })

    it('counts and numbers upstream calls per run', async () => {
      const run = `runs-${runtime}`
      const product = async (query: string) =>
        (await fetch(url(`/direct/products/9?delay=0&${query}`))).json()
      expect(await product(`run=${run}-a`)).toMatchObject({ upstreamCall: 1 })
      expect(await product(`run=${run}-a`)).toMatchObject({ upstreamCall: 2 })
      expect(await product(`run=${run}-b`)).toMatchObject({ upstreamCall: 1 })
      expect(await json(`/_upstream/stats?run=${run}-a`)).toEqual({
        calls: 2,
        active: 0,
        waiting: 0,
        peak: 1,
      })
      expect((await json(`/_upstream/stats?run=${run}-b`)).calls).toBe(1)
      expect((await json(`/_upstream/stats?run=${run}-never`)).calls).toBe(0)
    })

    it('stampede through the middleware: one upstream call for the whole burst', async () => {
      const { requests, done } = await readStampede(
        await fetch(url(`/_stampede?route=api&n=100&delay=${DELAY_MS}&pool=10`), {
          method: 'POST',
        }),
      )
      expect(requests).toHaveLength(100)
      expect(new Set(requests.map((r) => r.i)).size).toBe(100)
      expect(requests.every((r) => r.status === 200 && r.upstreamCall === 1)).toBe(true)
      expect(count(requests.map((r) => r.role))).toEqual({ leader: 1, follower: 99 })
      expect(done.upstream).toEqual({ calls: 1, active: 0, waiting: 0, peak: 1 })
      for (const { ms } of requests) expect(ms).toBeGreaterThanOrEqual(DELAY_MS - EARLY_MS)
    })

    it('stampede around it: every request queues for the pool, in waves', async () => {
      const delay = 100
      const { requests, done } = await readStampede(
        await fetch(url(`/_stampede?route=direct&n=30&delay=${delay}&pool=10`), {
          method: 'POST',
        }),
      )
      expect(requests).toHaveLength(30)
      expect(done.upstream).toEqual({ calls: 30, active: 0, waiting: 0, peak: 10 })
      expect(new Set(requests.map((r) => r.upstreamCall)).size).toBe(30)
      expect(count(requests.map((r) => r.role))).toEqual({ none: 30 })
      // Ten at a time: the k-th ten cannot finish before k upstream delays.
      const sorted = requests.map((r) => r.ms).sort((a, b) => a - b)
      for (const [k, ms] of sorted.entries()) {
        expect(ms).toBeGreaterThanOrEqual((Math.floor(k / 10) + 1) * delay - EARLY_MS)
      }
    })

    it('prices each product from its whole id: products 1 to 9 do not all cost the same', async () => {
      const prices = await Promise.all(
        ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(
          async (id) => (await json(`/direct/products/${id}?delay=0`)).price as number,
        ),
      )
      expect(new Set(prices).size).toBe(prices.length)
      expect((await json('/api/products/3?delay=0')).price).toBe(prices[2])
    })

    it('answers a browser asking for an icon without an error', async () => {
      const response = await fetch(url('/favicon.ico'))
      expect(response.status).toBe(204)
      const page = await (await fetch(url('/'), { headers: { accept: 'text/html' } })).text()
      expect(page).toContain('<link rel="icon" href="data:,">')
    })

    it('answers bad parameters with 400 and what to send', async () => {
      const cases: [string, RequestInit, RegExp][] = [
        ['/api/products/1?delay=abc', {}, /delay must be an integer from 0 to 60000/],
        ['/direct/products/1?delay=-1', {}, /delay must be/],
        ['/direct/products/1?pool=0', {}, /pool must be an integer from 1 to 1000/],
        ['/direct/products/1?run=a%20b', {}, /run must be 1–64 letters/],
        [`/_upstream/stats?run=${'x'.repeat(65)}`, {}, /run must be/],
        ['/_stampede?route=elsewhere', { method: 'POST' }, /route must be api or direct/],
        [
          '/_stampede?route=api&n=100000',
          { method: 'POST' },
          /n must be an integer from 1 to 1000/,
        ],
      ]
      for (const [path, init, message] of cases) {
        const response = await fetch(url(path), init)
        expect(response.status, path).toBe(400)
        expect((await response.json()).error, path).toMatch(message)
      }
    })
  })
