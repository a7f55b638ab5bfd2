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
 * Two "isolates", each with its own SharedCall and its own Hono app, sharing
 * flights through one coordinator (in memory, wrapped by defineCoordinator
 * as every real one is). `waited` resolves once an isolate waits on another's leader.
 */
const setup = (waitTimeout?: number) => {
  const memory = memoryCoordinator()
  const waited = deferred()
  const coordinator = defineCoordinator({
    ...memory,
    wait: (name, generation, signal) => {
      waited.resolve()
      return memory.wait(name, generation, signal)
    },
  })
  const runs = counter()
  const gate = deferred()
  const isolate = () => {
    const shared = new SharedCall({ coordinator })
    const app = new Hono()
    app.use('*', sharedCall({ shared, waitTimeout }))
    app.get('/items/:id', async (c) => {
      runs.hit()
      await gate.promise
      c.header('x-run', String(runs.count))
      return c.json({ id: c.req.param('id'), run: runs.count, text: 'é ✓ \u0000' }, 203)
    })
    return { app, shared }
  }
  return { memory, waited, runs, gate, a: isolate(), b: isolate() }
}

/** A Workers-like ExecutionContext that keeps what it is asked to keep alive. */
const executionContext = () => {
  const kept: Promise<unknown>[] = []
  return { kept, waitUntil: (p: Promise<unknown>) => kept.push(p), passThroughOnException() {} }
}

describe('sharedCall() with a coordinator', () => {
  it('runs the handler once for 10 concurrent requests to each of two isolates', async () => {
    const { memory, waited, runs, gate, a, b } = setup()
    const requests = [a, b].flatMap(({ app }) =>
      Array.from({ length: 10 }, () => app.request('/items/1')),
    )
    await statsReach(a.shared, (s) => s.hits === 9)
    await statsReach(b.shared, (s) => s.hits === 9)
    await runs.reached(1)
    await waited.promise
    gate.resolve()
    const all = await Promise.all(requests)
    const bodies = await Promise.all(all.map((r) => r.json()))

    expect(runs.count).toBe(1)
    expect(memory.calls.publish).toBe(1)
    expect(a.shared.getStats().remoteHits + b.shared.getStats().remoteHits).toBe(1)
    const roles = all.map((r) => r.headers.get('x-shared-call'))
    expect(roles.filter((r) => r === 'leader')).toHaveLength(1)
    expect(roles.filter((r) => r === 'follower')).toHaveLength(19)
    for (const [i, response] of all.entries()) {
      expect(response.status).toBe(203)
      expect(response.headers.get('content-type')).toMatch(/application\/json/)
      expect(response.headers.get('x-run')).toBe('1')
      expect(bodies[i]).toEqual({ id: '1', run: 1, text: 'é ✓ \u0000' })
    }
  })

  it('keeps the work of each isolate alive with waitUntil: the leader and the one waiting for it', async () => {
    const { waited, runs, gate, a, b } = setup()
    const [contextA, contextB] = [executionContext(), executionContext()]
    const requests = [
      ...Array.from({ length: 3 }, () =>
        a.app.fetch(new Request('http://localhost/items/2'), {}, contextA as never),
      ),
      ...Array.from({ length: 3 }, () =>
        b.app.fetch(new Request('http://localhost/items/2'), {}, contextB as never),
      ),
    ]
    await runs.reached(1)
    await waited.promise
    // One per isolate: the request that started its flight, not those that joined it.
    expect(contextA.kept).toHaveLength(1)
    expect(contextB.kept).toHaveLength(1)
    gate.resolve()
    await Promise.all([...requests, ...contextA.kept, ...contextB.kept])
    expect(runs.count).toBe(1)
  })

  it('lets a leader the coordinator picked run past waitTimeout', async () => {
    vi.useFakeTimers()
    const { runs, gate, a } = setup(50)
    const request = a.app.request('/items/3')
    await runs.reached(1)
    vi.advanceTimersByTime(1000)
    gate.resolve()
    const response = await request
    expect(response.headers.get('x-shared-call')).toBe('leader')
    expect(await response.json()).toMatchObject({ run: 1 })
    expect(runs.count).toBe(1)
  })
})
