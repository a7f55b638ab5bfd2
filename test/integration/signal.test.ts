// workerd: behind sharedCall(), c.req.raw.signal aborts only when every
// waiting client has gone, also when the last one to go is another request
// than the one that started the flight. Workers bind an AbortController to
// the request that made it: aborting it from another request throws "Cannot
// perform I/O on behalf of a different request", so the core aborts a
// flight's work from the request that started it (src/core/abort.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startServer } from '../core/http-server'
import { type RunningDemo, startDemo } from './runtime'

const CONFIG = 'test/integration/fixtures/signal/wrangler.toml'

let worker: RunningDemo | undefined
let origin: Awaited<ReturnType<typeof startServer>>

beforeAll(async () => {
  origin = await startServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ path: req.url }))
  })
  worker = await startDemo('workerd', CONFIG, { ORIGIN_URL: origin.url('/') })
})
afterAll(async () => {
  await worker?.stop()
  await origin?.close()
})
beforeEach(() => origin.reset())

const url = (path: string) => `${worker!.url}${path}`
let product = 0

/** Three clients of one product (a, b, c: a leads); resolves once all three are in its flight. */
const threeClients = async () => {
  const id = ++product
  const answers = ['a', 'b', 'c'].map((client) =>
    fetch(url(`/api/origin/${id}`), { headers: { 'x-client': `${client}-${id}` } }).then(
      async (r) => [
        r.status,
        r.headers.get('x-shared-call'),
        r.status === 200 ? await r.json() : null,
      ],
    ),
  )
  await origin.arrived()
  const before = 3 * (id - 1)
  await fetch(url(`/_stats?calls=${before + 3}`))
  const hangUp = async (client: string) =>
    expect((await fetch(url(`/_hang-up/${client}-${id}`), { method: 'POST' })).status).toBe(200)
  return { id, answers, hangUp }
}

describe('c.req.raw.signal in a shared handler on workerd', () => {
  it('the leader hangs up: the others get 200, the origin was called once', async () => {
    const { id, answers, hangUp } = await threeClients()
    await hangUp('a')
    origin.open()
    const body = { path: `/products/${id}` }
    // The leader's request runs the handler for the others to its end (a real
    // hung-up client would never read its answer).
    expect(await Promise.all(answers)).toEqual([
      [200, 'leader', body],
      [200, 'follower', body],
      [200, 'follower', body],
    ])
    expect(origin.seen).toHaveLength(1)
    expect(await origin.seen[0]!.aborted).toBe(false)
  })

  it('all three hang up, the last in another request than the leader: the origin sees the abort', async () => {
    const { answers, hangUp } = await threeClients()
    for (const client of ['a', 'b', 'c']) await hangUp(client)
    expect(await origin.seen[0]!.aborted).toBe(true)
    // The leader answers its handler's error, the others 499: nobody reads them.
    expect((await Promise.all(answers)).map(([status]) => status)).toEqual([500, 499, 499])
    expect(origin.seen).toHaveLength(1)
  })
})
