// The request signal inside a shared handler, over real HTTP: a Hono app on
// @hono/node-server whose handler proxies a real local upstream with
// `fetch(url, { signal: c.req.raw.signal })`, and real clients that hang up.
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startServer } from '../core/http-server'
import { type Deferred, deferred } from '../support/deferred'
import { statsReach } from './helpers'

let upstream: Awaited<ReturnType<typeof startServer>>
beforeAll(async () => {
  upstream = await startServer((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"product":7}')
  })
})
afterAll(() => upstream.close())

let shared: SharedCall
/** The signal each run of the handler saw. */
let signals: AbortSignal[]
/** Per request (in arrival order): resolves once the server has seen its client hang up. */
let hungUp: Deferred<void>[]
let server: ReturnType<typeof serve>
let base = ''

beforeEach(async () => {
  upstream.reset()
  shared = new SharedCall()
  signals = []
  hungUp = []
  const app = new Hono()
  // Before sharedCall(): how the test learns that the server saw a client go.
  app.use('*', async (c, next) => {
    const gone = deferred()
    hungUp.push(gone)
    c.req.raw.signal.addEventListener('abort', () => gone.resolve())
    await next()
  })
  app.use('*', sharedCall({ shared }))
  app.get('/products/:id', async (c) => {
    signals.push(c.req.raw.signal)
    const response = await fetch(upstream.url(`/products/${c.req.param('id')}`), {
      signal: c.req.raw.signal,
    })
    return c.json(await response.json())
  })
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`
      resolve()
    })
  })
})
afterEach(async () => {
  await new Promise((resolve) => {
    server.close(resolve)
    ;(server as import('node:http').Server).closeAllConnections()
  })
})

/** Three clients of one product, each able to hang up; resolves once all three are in the flight. */
const threeClients = async () => {
  const clients = [0, 1, 2].map(() => new AbortController())
  const answers = clients.map((client) =>
    fetch(`${base}/products/7`, { signal: client.signal }).then(
      async (r) => ({
        status: r.status,
        role: r.headers.get('x-shared-call'),
        body: await r.json(),
      }),
      (error: Error) => error.name,
    ),
  )
  await upstream.arrived()
  await statsReach(shared, (s) => s.hits + s.misses === 3)
  return { clients, answers }
}

describe('c.req.raw.signal in a shared handler: aborts only when every waiting client has gone', () => {
  it('the leader hangs up mid-flight: the other two get 200, the upstream was called once', async () => {
    const { clients, answers } = await threeClients()
    clients[0]!.abort()
    await hungUp[0]!.promise
    expect(signals).toHaveLength(1)
    expect(signals[0]!.aborted).toBe(false)
    upstream.open()

    expect(await answers[0]).toBe('AbortError')
    const [second, third] = await Promise.all(answers.slice(1))
    for (const answer of [second, third]) {
      expect(answer).toEqual({ status: 200, role: 'follower', body: { product: 7 } })
    }
    expect(upstream.seen).toHaveLength(1)
    expect(await upstream.seen[0]!.aborted).toBe(false)
  })

  it('when all three hang up, the upstream sees the abort', async () => {
    const { clients, answers } = await threeClients()
    for (const i of [0, 1]) {
      clients[i]!.abort()
      await hungUp[i]!.promise
    }
    expect(signals[0]!.aborted).toBe(false)
    clients[2]!.abort()
    await hungUp[2]!.promise

    expect(signals[0]!.aborted).toBe(true)
    expect(await upstream.seen[0]!.aborted).toBe(true)
    expect(await Promise.all(answers)).toEqual(['AbortError', 'AbortError', 'AbortError'])
    expect(upstream.seen).toHaveLength(1)
    // The flight is gone: the next request leads a new one.
    expect(shared.size).toBe(0)
  })

  it('a follower that hangs up leaves the others alone too', async () => {
    const { clients, answers } = await threeClients()
    clients[1]!.abort()
    await hungUp[1]!.promise
    upstream.open()
    const [first, , third] = await Promise.all(answers)
    expect(first).toEqual({ status: 200, role: 'leader', body: { product: 7 } })
    expect(third).toEqual({ status: 200, role: 'follower', body: { product: 7 } })
    expect(await upstream.seen[0]!.aborted).toBe(false)
  })
})
