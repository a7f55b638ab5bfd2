import { type Context, Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall, sharedCallStats } from 'shared-call/hono'
import { delay, fetchProduct, resetUpstream, upstreamStats } from './upstream'

/** Environment of the demo: Worker vars on workerd, process env elsewhere. */
export type DemoEnv = { Bindings: { UPSTREAM_DELAY_MS?: string } }

/** The instance behind `/api/*`; `/_shared-call/stats` reports it. */
export const shared = new SharedCall()

/** Upstream latency: `?delay=<ms>`, else `UPSTREAM_DELAY_MS`, else 200 ms. */
const latency = (c: Context<DemoEnv>): number => {
  const ms = Number(c.req.query('delay') ?? c.env?.UPSTREAM_DELAY_MS ?? 200)
  return Number.isFinite(ms) && ms >= 0 ? ms : 200
}

const product = async (c: Context<DemoEnv>) =>
  c.json(await fetchProduct(c.req.param('id') ?? '', latency(c)))

let sessions = 0

/**
 * A product catalogue over a slow upstream. `/api/*` goes through `sharedCall()`,
 * `/direct/*` does not, so the two can be compared under load.
 */
export const app = new Hono<DemoEnv>()

app.use('/api/*', sharedCall({ shared }))
app.get('/api/products/:id', product)
app.get('/direct/products/:id', product)

// Private: the Authorization header makes every request pass through unshared.
app.get('/api/me', (c) => {
  const user = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1]
  if (!user) return c.json({ error: 'send Authorization: Bearer <user>' }, 401)
  return c.json({ user, secret: `secret of ${user}` })
})

// Sets a cookie: a response that must never be fanned out to other clients.
app.get('/api/session', async (c) => {
  await delay(latency(c))
  const session = `s${++sessions}-${crypto.randomUUID()}`
  c.header('set-cookie', `session=${session}; Path=/; HttpOnly; SameSite=Lax`)
  return c.json({ session })
})

app.get('/_upstream/stats', (c) => c.json(upstreamStats()))
app.post('/_upstream/reset', (c) => {
  resetUpstream()
  shared.resetStats()
  return c.json({ ok: true })
})
app.get('/_shared-call/stats', sharedCallStats(shared))

export default app
