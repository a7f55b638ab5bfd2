import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { durableCoordinator } from '../../src/cloudflare/coordinator'
import { coordinatorContract } from '../coordinator/contract'
import { LONG_MS, leaseOf } from '../coordinator/contract-kit'
import { remoteLeases } from './fixtures/durable/remote-leases'
import { type RunningDemo, startDemo } from './runtime'

const CONFIG = 'test/integration/fixtures/durable/wrangler.toml'

let worker: RunningDemo | undefined

beforeAll(async () => {
  worker = await startDemo('workerd', CONFIG)
})
afterAll(async () => {
  await worker?.stop()
})

describe('durableCoordinator', () => {
  it('refuses anything but a Durable Object namespace, saying what to pass', () => {
    for (const bad of [undefined, null, {}, 'FLIGHTS']) {
      expect(() => durableCoordinator(bad as never)).toThrow(TypeError)
      expect(() => durableCoordinator(bad as never)).toThrow(/namespace must be env\.FLIGHTS/)
    }
  })
})

/**
 * A Hono app on workerd whose middleware makes a new SharedCall per request,
 * so requests can only share through the Durable Object, over an upstream
 * (another object) that holds its calls until the test releases them.
 */
describe('shared-call/cloudflare in workerd (wrangler dev)', () => {
  let test = 0
  /** A fresh resource per test: its own flight object and its own upstream. */
  let id = ''
  const url = (path: string) => `${worker!.url}${path}`
  const json = async (path: string, init?: RequestInit) => (await fetch(url(path), init)).json()
  const get = (query = '', init?: RequestInit) => fetch(url(`/api/${id}${query}`), init)
  const burst = (n: number, query = '') => Array.from({ length: n }, () => get(query))
  /** Resolves once `n` upstream calls have started. */
  const upstreamStarted = (n: number) => json(`/_upstream/${id}/started?n=${n}`)
  /** Resolves once `n` requests wait on the flight's object. */
  const waiting = (n: number) => json(`/_flights/${id}/waiting?n=${n}`)
  const release = () => json(`/_upstream/${id}/release`, { method: 'POST' })
  const roles = (responses: Response[]) => {
    const all = responses.map((r) => r.headers.get('x-shared-call'))
    return {
      leader: all.filter((r) => r === 'leader').length,
      follower: all.filter((r) => r === 'follower').length,
    }
  }

  beforeEach(() => {
    id = `r${++test}-${Date.now()}`
  })

  it('throws a TypeError in the Worker too for a missing binding', async () => {
    expect(await (await fetch(url('/_bad-namespace'))).text()).toMatch(
      /^TypeError: .*must be env\.FLIGHTS/,
    )
  })

  it("gives each request's flight a signal it can use: Workers bind a signal to the request that made it", async () => {
    for (const n of [1, 2, 3]) {
      const response = await fetch(url(`/_signal/${id}-${n}`))
      expect([response.status, await response.text()]).toEqual([200, 'used'])
    }
  })

  it('runs the upstream once for 50 concurrent requests', async () => {
    const responses = burst(50)
    await upstreamStarted(1)
    await waiting(49)
    await release()
    const all = await Promise.all(responses)
    const bodies = await Promise.all(all.map((r) => r.json()))

    expect(all.map((r) => r.status)).toEqual(Array(50).fill(200))
    expect(bodies).toEqual(Array(50).fill({ call: 1 }))
    expect(roles(all)).toEqual({ leader: 1, follower: 49 })
    expect(await json(`/_upstream/${id}/stats`)).toEqual({ started: 1, finished: 1 })
  })

  it("keeps the leader's work alive when its client disconnects: the others get its result", async () => {
    const client = new AbortController()
    const leader = get('', { signal: client.signal }).catch((error: Error) => error)
    await upstreamStarted(1)
    const followers = burst(49)
    await waiting(49)
    client.abort()
    expect(await leader).toMatchObject({ name: 'AbortError' })
    await release()
    const all = await Promise.all(followers)

    expect(all.map((r) => r.status)).toEqual(Array(49).fill(200))
    expect(await Promise.all(all.map((r) => r.json()))).toEqual(Array(49).fill({ call: 1 }))
    expect(roles(all)).toEqual({ leader: 0, follower: 49 })
    expect(await json(`/_upstream/${id}/stats`)).toEqual({ started: 1, finished: 1 })
  })

  it('lets a follower take over when the leader gives up as its request is aborted', async () => {
    const client = new AbortController()
    const leader = get('?cancellable', { signal: client.signal }).catch((error: Error) => error)
    await upstreamStarted(1)
    const followers = burst(49)
    await waiting(49)
    client.abort()
    expect(await leader).toMatchObject({ name: 'AbortError' })
    // Its handler gives up (request.signal does not abort in wrangler dev: the test says so).
    await json(`/_upstream/${id}/abort`, { method: 'POST' })
    // The leader released its lease: one follower leads and calls the upstream again.
    await upstreamStarted(2)
    await release()
    const all = await Promise.all(followers)

    expect(all.map((r) => r.status)).toEqual(Array(49).fill(200))
    expect(await Promise.all(all.map((r) => r.json()))).toEqual(Array(49).fill({ call: 2 }))
    expect(roles(all)).toEqual({ leader: 1, follower: 48 })
    expect((await json(`/_upstream/${id}/stats`)).started).toBe(2)
  })

  it('an object reset mid-flight (a deploy, a crash): every request still answers, each waiting one with its own run', async () => {
    const responses = burst(5)
    await upstreamStarted(1)
    await waiting(4)
    expect(await json(`/_flights/${id}/reset`, { method: 'POST' })).toMatchObject({
      reset: expect.stringMatching(/reset by the test/),
    })
    // The waits failed with the object: each waiting request runs the work itself.
    await upstreamStarted(5)
    await release()
    const all = await Promise.all(responses)
    expect(all.map((r) => r.status)).toEqual(Array(5).fill(200))
    const calls = (await Promise.all(all.map((r) => r.json()))).map((b) => b.call)
    expect(calls.sort()).toEqual([1, 2, 3, 4, 5])
    expect(await json(`/_upstream/${id}/stats`)).toEqual({ started: 5, finished: 5 })
    // The next flight leads on the new object, with a generation above the lost ones.
    const next = await get()
    expect(next.headers.get('x-shared-call')).toBe('leader')
  })

  it('lets a follower take over when the lease of a dead leader expires', async () => {
    // A leader that took the lease and died: it never renews, releases nor publishes.
    const { token } = await json(`/_flights/${id}/dead-leader?leaseMs=300`, { method: 'POST' })
    expect(token).toEqual(expect.any(String))
    const requests = burst(10)
    // Nobody can call the upstream before the lease expired.
    await upstreamStarted(1)
    await release()
    const all = await Promise.all(requests)

    expect(all.map((r) => r.status)).toEqual(Array(10).fill(200))
    expect(await Promise.all(all.map((r) => r.json()))).toEqual(Array(10).fill({ call: 1 }))
    expect(roles(all)).toEqual({ leader: 1, follower: 9 })
    expect(await json(`/_upstream/${id}/stats`)).toEqual({ started: 1, finished: 1 })
  })
})

/**
 * The coordinator contract suite on SharedCallFlights: the suite runs here,
 * and each of its "processes" is a Durable Object of the Worker that makes
 * every call on the library's raw coordinator (durableLeases) over RPC to the
 * real object (fixtures/durable/contract-process.ts).
 */
describe('SharedCallFlights in workerd', () => {
  coordinatorContract('durable objects', () => remoteLeases(worker!.url))

  const json = async (path: string) => (await fetch(`${worker!.url}${path}`)).json()
  let names = 0

  it('an aborted wait leaves the object at once, not when its lease ends', {
    timeout: 20_000,
  }, async () => {
    const [leader, waiter] = [remoteLeases(worker!.url), remoteLeases(worker!.url)]
    const name = `aborted-wait-${++names}-${Date.now()}`
    const lease = leaseOf(await leader.lead(name, LONG_MS))
    const controller = new AbortController()
    const waiting = waiter.wait(name, lease.generation, controller.signal)
    await json(`/_contract/flights/waiting?name=${encodeURIComponent(name)}&n=1`)
    controller.abort(new Error('caller left'))
    await expect(waiting).rejects.toThrow('caller left')
    // The object let the wait go while the lease still holds.
    expect(await json(`/_contract/flights/open?name=${encodeURIComponent(name)}&n=0`)).toBe(0)
    expect(await lease.renew()).toBe(true)
    await lease.release()
  })

  it('a name’s first lease takes the clock in µs: an object made again after an eviction starts above the last one’s generations', async () => {
    const before = Date.now() * 1000
    const name = `clock-${++names}-${Date.now()}`
    const lease = leaseOf(await remoteLeases(worker!.url).lead(name, LONG_MS))
    expect(lease.generation).toBeGreaterThanOrEqual(before)
    expect(lease.generation).toBeLessThanOrEqual(Date.now() * 1000)
    await lease.release()
  })
})
