import { type Context, Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall, sharedCallStats } from 'shared-call/hono'
import { clientStats, countClients, fromOrigin, resetClients } from './origin'
import { BadParam, type DemoEnv, delayOf, integerParam, poolOf, runOf } from './params'
import { indexHtml, indexText } from './routes'
import { stampede } from './stampede'
import { delay, fetchProduct, resetUpstream, upstreamStats } from './upstream'

export type { DemoEnv } from './params'

/** The instance behind `/api/*`; `/_shared-call/stats` reports it. */
export const shared = new SharedCall()

const product = async (c: Context<DemoEnv>) =>
  c.json(
    await fetchProduct(c.req.param('id') ?? '', {
      delayMs: delayOf(c),
      run: runOf(c),
      pool: poolOf(c),
    }),
  )

/** The Worker's ExecutionContext, where there is one (workerd), for requests made in-process. */
const executionCtxOf = (c: Context<DemoEnv>) => {
  try {
    return c.executionCtx
  } catch {
    return undefined // Node, Deno and Bun have none
  }
}

let sessions = 0

/**
 * A product catalogue over a slow upstream. `/api/*` goes through `sharedCall()`,
 * `/direct/*` does not, so the two can be compared under load. `/` lists
 * every route (edge-demo/routes.ts).
 */
export const app = new Hono<DemoEnv>()

app.onError((error, c) => {
  if (error instanceof BadParam) return c.json({ error: error.message }, 400)
  console.error(error)
  return c.json({ error: 'internal error' }, 500)
})

app.get('/', (c) => {
  const origin = new URL(c.req.url).origin
  return c.req.header('accept')?.includes('text/html')
    ? c.html(indexHtml(origin))
    : c.text(indexText(origin))
})

// No icon: an empty answer, so a browser that opens any route logs no 404 for it.
app.get('/favicon.ico', (c) => c.body(null, 204))

app.use('/api/*', countClients)
app.use('/api/*', sharedCall({ shared }))
app.get('/api/products/:id', product)
app.get('/api/origin/:id', fromOrigin)
app.get('/direct/products/:id', product)

// Private: the Authorization header makes every request pass through unshared.
app.get('/api/me', (c) => {
  const user = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1]
  if (!user) return c.json({ error: 'send Authorization: Bearer <user>' }, 401)
  return c.json({ user, secret: `secret of ${user}` })
})

// Sets a cookie: a response that must never be fanned out to other clients.
app.get('/api/session', async (c) => {
  await delay(delayOf(c))
  const session = `s${++sessions}-${crypto.randomUUID()}`
  c.header('set-cookie', `session=${session}; Path=/; HttpOnly; SameSite=Lax`)
  return c.json({ session })
})

app.post('/_stampede', (c) =>
  stampede(c, (request) => app.fetch(request, c.env, executionCtxOf(c))),
)

app.get('/_upstream/stats', (c) =>
  c.json(upstreamStats(c.req.query('run') === undefined ? undefined : runOf(c))),
)
app.post('/_upstream/reset', (c) => {
  resetUpstream()
  resetClients()
  shared.resetStats()
  return c.json({ ok: true })
})
const stats = sharedCallStats(shared)
app.get('/_shared-call/stats', async (c, next) => {
  // ?calls=<n>: answers once n calls are counted (hits + misses + passes).
  const calls = integerParam(c, 'calls', 0, 0, 100_000)
  await new Promise<void>((resolve) => {
    const counted = ({ hits, misses, passes }: ReturnType<typeof shared.getStats>) =>
      hits + misses + passes >= calls
    if (counted(shared.getStats())) return resolve()
    const stop = shared.subscribe((s) => {
      if (!counted(s)) return
      stop()
      resolve()
    })
  })
  return stats(c, next)
})
app.get('/_clients', async (c) => {
  const hungUp = c.req.query('hungUp')
  return c.json(
    await clientStats(hungUp === undefined ? undefined : integerParam(c, 'hungUp', 0, 0, 100_000)),
  )
})
app.post('/_shared-call/reset', (c) => {
  shared.resetStats()
  return c.json({ ok: true })
})

export default app
