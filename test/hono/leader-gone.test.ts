import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { counter, deferred, statsReach } from './helpers'

afterEach(() => {
  vi.useRealTimers()
})

const setup = (waitTimeout?: number) => {
  const shared = new SharedCall()
  const runs = counter()
  const gate = deferred()
  const app = new Hono()
  app.use('*', sharedCall({ shared, waitTimeout }))
  app.get('/slow', async (c) => {
    runs.hit()
    if (runs.count === 1) await gate.promise
    return c.text(`run ${runs.count}`)
  })
  return { app, shared, runs, gate }
}

describe('a leader that goes away', () => {
  it('keeps its work alive with executionCtx.waitUntil, for the followers', async () => {
    const { app, shared, gate } = setup()
    const kept: Promise<unknown>[] = []
    const ctx = { waitUntil: (p: Promise<unknown>) => kept.push(p), passThroughOnException() {} }
    const client = new AbortController()
    const leader = app.fetch(
      new Request('http://localhost/slow', { signal: client.signal }),
      {},
      ctx as never,
    )
    const follower = app.request('/slow')
    await statsReach(shared, (s) => s.hits === 1)
    client.abort()
    expect(kept).toHaveLength(1)

    let settled = false
    kept[0]!.then(() => {
      settled = true
    })
    await Promise.resolve()
    expect(settled).toBe(false)
    gate.resolve()
    const response = await follower
    expect(await response.text()).toBe('run 1')
    expect(response.headers.get('x-shared-call')).toBe('follower')
    await kept[0]
    await leader
  })

  it('lets a follower run the handler itself after waitTimeout', async () => {
    vi.useFakeTimers()
    const { app, shared, runs } = setup(50)
    void app.request('/slow')
    const follower = app.request('/slow')
    await statsReach(shared, (s) => s.hits === 1)

    vi.advanceTimersByTime(49)
    await Promise.resolve()
    expect(runs.count).toBe(1)
    vi.advanceTimersByTime(1)
    const response = await follower
    expect(runs.count).toBe(2)
    expect(response.headers.get('x-shared-call')).toBe('pass')
    expect(await response.text()).toBe('run 2')
  })

  it('waits as long as the leader runs with waitTimeout: 0', async () => {
    vi.useFakeTimers()
    const { app, shared, runs, gate } = setup(0)
    void app.request('/slow')
    const follower = app.request('/slow')
    await statsReach(shared, (s) => s.hits === 1)
    vi.advanceTimersByTime(60_000)
    gate.resolve()
    expect(await (await follower).text()).toBe('run 1')
    expect(runs.count).toBe(1)
  })
})
