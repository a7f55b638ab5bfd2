// Issue 23, seen through shared-call/otel: `shared_call.calls` counts each
// call once, as the stats do, also when an adapter recounts it (a pass with
// `Joined.pass()` or `shared.pass()`, a call taken out with `uncount()`):
// leader = misses, follower + remote = hits, remote = remoteHits, pass =
// passes. And the Hono middleware's roles (x-shared-call, Server-Timing,
// onRole) are the same count, request by request.
import { Hono } from 'hono'
import { SharedCall, type SharedCallStats } from 'shared-call'
import { type SharedCallRole, sharedCall } from 'shared-call/hono'
import { ATTR_KEY, ATTR_ROLE, instrumentSharedCall, METRIC_CALLS } from 'shared-call/otel'
import { afterEach, describe, expect, it } from 'vitest'
import { burst, heldHandler, statsReach } from '../hono/helpers'
import { deferred } from '../support/deferred'
import { metricsSdk, type Point, total } from './sdk'

const sdks: ReturnType<typeof metricsSdk>[] = []
afterEach(async () => {
  for (const sdk of sdks.splice(0)) await sdk.shutdown()
})

const instrumented = (options: Parameters<typeof instrumentSharedCall>[1] = {}) => {
  const sdk = metricsSdk()
  sdks.push(sdk)
  const shared = new SharedCall()
  const stop = instrumentSharedCall(shared, { meterProvider: sdk.provider, ...options })
  return { shared, stop, calls: async () => (await sdk.collect()).get(METRIC_CALLS) }
}

/** The calls metric by role. */
const byRole = (calls: Point[] | undefined) => ({
  leader: total(calls, { [ATTR_ROLE]: 'leader' }),
  follower: total(calls, { [ATTR_ROLE]: 'follower' }),
  remote: total(calls, { [ATTR_ROLE]: 'remote' }),
  pass: total(calls, { [ATTR_ROLE]: 'pass' }),
})

/** The stats as the metric's roles (no coordinator here: no remote). */
const asRoles = ({ misses, hits, passes, remoteHits }: SharedCallStats) => ({
  leader: misses,
  follower: hits - remoteHits,
  remote: remoteHits,
  pass: passes,
})

describe('shared_call.calls recounts a call as the stats do', () => {
  it('a follower and a leader that pass count as pass, not as follower or leader', async () => {
    const { shared, calls } = instrumented()
    const gate = deferred<number>()
    const leader = shared.join('k', () => gate.promise)
    const follower = shared.join('k', () => gate.promise)
    const other = shared.join('k', () => gate.promise)
    follower.pass()
    follower.pass() // twice: still one pass
    // The leader passes before its flight ends: counted as a pass when it does.
    leader.pass()
    gate.resolve(1)
    await Promise.all([leader.result, follower.result, other.result])

    expect(shared.getStats()).toMatchObject({ misses: 0, hits: 1, passes: 2 })
    expect(byRole(await calls())).toEqual({ leader: 0, follower: 1, remote: 0, pass: 2 })
    expect(byRole(await calls())).toEqual(asRoles(shared.getStats()))
  })

  it('a leader that passes after its flight ended moves from leader to pass', async () => {
    const { shared, calls } = instrumented()
    const leader = shared.join('k', async () => 1)
    await leader.result
    expect(byRole(await calls())).toMatchObject({ leader: 1, pass: 0 })
    leader.pass()
    expect(byRole(await calls())).toEqual({ leader: 0, follower: 0, remote: 0, pass: 1 })
    expect(byRole(await calls())).toEqual(asRoles(shared.getStats()))
  })

  it('an uncounted call is in no series: it is counted in the flight it goes on to', async () => {
    const { shared, calls } = instrumented()
    const gate = deferred<string>()
    const leader = shared.join('page', () => gate.promise)
    const joined = shared.join('page', () => gate.promise)
    joined.uncount()
    // It goes on to its own variant's flight: one call, one count.
    const own = shared.join('page;fr', async () => 'fr')
    gate.resolve('en')
    await Promise.all([leader.result, joined.result, own.result])

    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 0, passes: 0 })
    expect(byRole(await calls())).toEqual({ leader: 2, follower: 0, remote: 0, pass: 0 })
  })

  it("shared.pass() counts a pass with no key, also with recordKey; taken off, pass is the class's again", async () => {
    const { shared, stop, calls } = instrumented({ recordKey: true })
    shared.pass()
    await shared.run('k', async () => 1)
    const metrics = await calls()
    expect(byRole(metrics)).toEqual({ leader: 1, follower: 0, remote: 0, pass: 1 })
    expect(total(metrics, { [ATTR_KEY]: 'k', [ATTR_ROLE]: 'pass' })).toBe(0)
    expect(byRole(metrics)).toEqual(asRoles(shared.getStats()))

    expect(Object.hasOwn(shared, 'pass')).toBe(true)
    stop()
    expect(Object.hasOwn(shared, 'pass')).toBe(false)
    shared.pass()
    expect(shared.getStats().passes).toBe(2)
    expect(byRole(await calls()).pass).toBe(1)
  })
})

describe('sharedCall() behind an instrumented SharedCall: one count per request, the same everywhere', () => {
  /**
   * An app whose handler varies on the language (a private answer for `no`),
   * telling each role to onRole and Server-Timing.
   */
  const app = () => {
    const { shared, calls } = instrumented()
    const told: SharedCallRole[] = []
    const { gate, hold, runs } = heldHandler()
    const app = new Hono()
    app.use('*', sharedCall({ shared, serverTiming: true, onRole: (role) => told.push(role) }))
    app.get('/page', async (c) => {
      await hold()
      const language = c.req.header('accept-language')
      c.header('vary', 'Accept-Language')
      if (language === 'no') c.header('cache-control', 'private')
      return c.text(`in ${language}`)
    })
    const get = (headers: Record<string, string>) => () => app.request('/page', { headers })
    return { app, shared, calls, told, gate, runs, get }
  }

  /** Roles as counted by the x-shared-call headers, by Server-Timing, by onRole. */
  const counted = (roles: (string | null)[]) => {
    const count = { leader: 0, follower: 0, remote: 0, pass: 0 }
    for (const role of roles) count[role as keyof typeof count]++
    return count
  }

  it('variants, a private answer, a request with credentials: metric = stats = headers = Server-Timing = onRole', async () => {
    const { shared, calls, told, gate, runs, get } = app()
    const requests = [
      ...Array.from({ length: 20 }, () => get({ 'accept-language': 'en' })),
      // Each joins the English flight first, then goes on to its own: uncounted there.
      ...['de', 'fr', 'it'].map((language) => get({ 'accept-language': language })),
      // Private: its leader passes, and its followers run the handler themselves.
      ...Array.from({ length: 3 }, () => get({ 'accept-language': 'no' })),
      // Credentials: passes before any flight (shared.pass()).
      get({ 'accept-language': 'en', authorization: 'Bearer alice' }),
    ]
    const responses = await burst(shared, gate, requests)
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual([
      ...Array(20).fill('in en'),
      'in de',
      'in fr',
      'in it',
      ...Array(3).fill('in no'),
      'in en',
    ])

    const stats = shared.getStats()
    expect(stats.hits + stats.misses + stats.passes).toBe(requests.length)
    const metric = byRole(await calls())
    expect(metric).toEqual(asRoles(stats))
    const headers = responses.map((r) => r.headers.get('x-shared-call'))
    expect(counted(headers)).toEqual(metric)
    expect(
      counted(
        responses.map((r) => /shared-call;desc="(\w+)"/.exec(r.headers.get('server-timing')!)![1]!),
      ),
    ).toEqual(metric)
    expect(counted(told)).toEqual(metric)
    // English, each other language, the private one and its 2 followers, the credentials.
    expect(runs.count).toBe(1 + 3 + 3 + 1)
    expect(metric).toEqual({ leader: 4, follower: 19, remote: 0, pass: 4 })
  })

  it('a follower whose client hangs up is counted as the follower it was, by the stats, the metric and onRole', async () => {
    const { app: server, shared, calls, told, gate } = app()
    const leader = server.request('/page', { headers: { 'accept-language': 'en' } })
    const client = new AbortController()
    const follower = server.request('/page', {
      headers: { 'accept-language': 'en' },
      signal: client.signal,
    })
    await statsReach(shared, (s) => s.hits === 1)
    client.abort()
    const left = await follower
    gate.resolve()
    await (await leader).text()

    expect(left.status).toBe(499)
    expect(left.headers.get('x-shared-call')).toBe('follower')
    const metric = byRole(await calls())
    expect(metric).toEqual({ leader: 1, follower: 1, remote: 0, pass: 0 })
    expect(metric).toEqual(asRoles(shared.getStats()))
    expect(counted(told)).toEqual(metric)
  })
})
