// One rule for a follower whose wait ends without the leader's answer, for
// any reason but the leader's own error (the SharedCall's `timeout`,
// `waitTimeout`, a leader whose request had ended): it runs the handler
// itself (`pass`), within a deadline of its own.
import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { defineCoordinator } from 'shared-call/coordinator'
import { sharedCall } from 'shared-call/hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { memoryCoordinator } from '../coordinator/memory-coordinator'
import { counter, deferred, statsReach } from './helpers'

afterEach(() => {
  vi.useRealTimers()
})

/**
 * An app on `shared` whose handler records the signal of each run and
 * answers `run <n>`, unless `stuck(n)`: then it waits until its signal aborts
 * and never answers by itself. Errors are answered with their name.
 */
const setup = (shared: SharedCall, stuck: (run: number) => boolean, waitTimeout?: number) => {
  const runs = counter()
  const signals: AbortSignal[] = []
  const app = new Hono()
  app.use('*', sharedCall({ shared, waitTimeout }))
  app.get('/slow', async (c) => {
    runs.hit()
    const run = runs.count
    signals.push(c.req.raw.signal)
    if (stuck(run)) await new Promise(() => {})
    return c.text(`run ${run}`)
  })
  app.onError((error, c) => c.text(error.name, 504))
  return { app, runs, signals }
}

const seen = async (response: Response) => [
  response.status,
  response.headers.get('x-shared-call'),
  await response.text(),
]

describe("the SharedCall's timeout behind the middleware", () => {
  it('the leader answers the TimeoutError; each follower runs the handler itself', async () => {
    vi.useFakeTimers()
    const shared = new SharedCall({ timeout: 100 })
    const { app, runs, signals } = setup(shared, (run) => run === 1)
    const requests = [app.request('/slow'), app.request('/slow'), app.request('/slow')]
    await statsReach(shared, (s) => s.hits === 2)

    vi.advanceTimersByTime(100)
    const [leader, ...followers] = await Promise.all(requests)
    expect(await seen(leader!)).toEqual([504, 'leader', 'TimeoutError'])
    expect(signals[0]!.reason).toMatchObject({ name: 'TimeoutError', timeout: 100 })
    const answers = await Promise.all(followers.map(seen))
    expect(answers.map(([status, role]) => [status, role])).toEqual([
      [200, 'pass'],
      [200, 'pass'],
    ])
    expect(answers.map(([, , body]) => body).sort()).toEqual(['run 2', 'run 3'])
    expect(runs.count).toBe(3)
    // Each request counted once, as its header says.
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 0, passes: 2, errors: 1 })
  })

  it("a follower's own run has a deadline of its own: the same timeout, from when it starts", async () => {
    vi.useFakeTimers()
    const shared = new SharedCall({ timeout: 100 })
    const { app, runs, signals } = setup(shared, () => true)
    const leader = app.request('/slow')
    const follower = app.request('/slow')
    await statsReach(shared, (s) => s.hits === 1)

    vi.advanceTimersByTime(100)
    expect(await seen(await leader)).toEqual([504, 'leader', 'TimeoutError'])
    await runs.reached(2)
    vi.advanceTimersByTime(99)
    expect(signals[1]!.aborted).toBe(false)
    vi.advanceTimersByTime(1)
    expect(await seen(await follower)).toEqual([504, 'pass', 'TimeoutError'])
    expect(signals[1]!.reason).toMatchObject({ name: 'TimeoutError', timeout: 100 })
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 0, passes: 1 })
  })

  it("the leader's own error still reaches every follower", async () => {
    const shared = new SharedCall({ timeout: 60_000 })
    const gate = deferred()
    const runs = counter()
    const app = new Hono()
    app.use('*', sharedCall({ shared }))
    app.get('/boom', async () => {
      runs.hit()
      await gate.promise
      throw new RangeError('upstream down')
    })
    app.onError((error, c) => c.text(error.message, 502))
    const requests = [app.request('/boom'), app.request('/boom')]
    await statsReach(shared, (s) => s.hits === 1)
    gate.resolve()
    const all = await Promise.all(requests)
    expect(await Promise.all(all.map(seen))).toEqual([
      [502, 'leader', 'upstream down'],
      [502, 'follower', 'upstream down'],
    ])
    expect(runs.count).toBe(1)
  })
})

describe('waitTimeout', () => {
  it('a follower that waited runs the handler itself; the stuck flight is aborted once nobody waits', async () => {
    vi.useFakeTimers()
    const shared = new SharedCall()
    const { app, runs, signals } = setup(shared, (run) => run === 1, 50)
    const client = new AbortController()
    const leader = app.request(new Request('http://localhost/slow', { signal: client.signal }))
    const follower = app.request('/slow')
    await statsReach(shared, (s) => s.hits === 1)

    vi.advanceTimersByTime(50)
    expect(await seen(await follower)).toEqual([200, 'pass', 'run 2'])
    // The follower stopped waiting: the leader's client is the last one the flight has.
    expect(signals[0]!.aborted).toBe(false)
    client.abort()
    expect(signals[0]!.aborted).toBe(true)
    expect(shared.size).toBe(0)
    void leader
    expect(runs.count).toBe(2)
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 0, passes: 1 })
  })
})

describe('a leader whose request has ended', () => {
  it('its followers run the handler themselves when a coordinator picks it to lead after its client left', async () => {
    vi.useFakeTimers()
    const memory = memoryCoordinator()
    const waiting = deferred()
    const coordinator = defineCoordinator(
      {
        ...memory,
        wait: (name, generation, signal) => {
          waiting.resolve()
          return memory.wait(name, generation, signal)
        },
      },
      { leaseMs: 300 },
    )
    // Another isolate took the lease and died: it never renews nor publishes.
    await memory.lead('11:shared-call:hono:GET http://localhost/slow', 300)
    const shared = new SharedCall({ coordinator })
    const { app, runs } = setup(shared, () => false)
    const client = new AbortController()
    const leader = app.request(new Request('http://localhost/slow', { signal: client.signal }))
    const follower = app.request('/slow')
    await waiting.promise
    await statsReach(shared, (s) => s.hits === 1)
    client.abort()
    expect((await leader).status).toBe(499)

    // The dead lease expires: this isolate leads, on a request already answered.
    await vi.advanceTimersByTimeAsync(300)
    expect(await seen(await follower)).toEqual([200, 'pass', 'run 1'])
    expect(runs.count).toBe(1)
    // Nothing was published for another isolate to take as an answer.
    expect(memory.calls.publish).toBe(0)
  })
})
