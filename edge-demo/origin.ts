import type { Context, MiddlewareHandler } from 'hono'
import type { DemoEnv } from './params'

/**
 * `GET /api/origin/:id`: a product from a real HTTP origin (`ORIGIN_URL`),
 * fetched the way most Hono proxies fetch, with the request's own signal.
 * Behind `sharedCall()` that signal aborts only when every client waiting for
 * the product has hung up: one client leaving never fails the others.
 */
export const fromOrigin = async (c: Context<DemoEnv>) => {
  const origin = c.env?.ORIGIN_URL
  if (!origin) return c.json({ error: 'set ORIGIN_URL to an HTTP origin to proxy' }, 501)
  const url = new URL(`products/${encodeURIComponent(c.req.param('id') ?? '')}`, origin)
  const response = await fetch(url, { signal: c.req.raw.signal })
  return c.json(await response.json(), response.ok ? 200 : 502)
}

/** What the demo saw of its clients since the last reset. */
export interface ClientStats {
  /** Requests to `/api/*` that arrived. */
  requests: number
  /** Of those, the ones whose client hung up before its answer (the runtime aborted `request.signal`). */
  hungUp: number
}

let stats: ClientStats = { requests: 0, hungUp: 0 }
let watching: { hungUp: number; resolve: () => void }[] = []

const check = () => {
  const reached = watching.filter((w) => stats.hungUp >= w.hungUp)
  watching = watching.filter((w) => stats.hungUp < w.hungUp)
  for (const w of reached) w.resolve()
}

/** Counts each request and, when its runtime says so, its client hanging up. */
export const countClients: MiddlewareHandler = async (c, next) => {
  const counted = stats
  counted.requests++
  c.req.raw.signal.addEventListener('abort', () => {
    counted.hungUp++
    check()
  })
  await next()
}

/** The counts; with `hungUp`, once that many clients have hung up. */
export const clientStats = async (hungUp?: number): Promise<ClientStats> => {
  if (hungUp !== undefined && stats.hungUp < hungUp) {
    await new Promise<void>((resolve) => watching.push({ hungUp, resolve }))
  }
  return { ...stats }
}

/** Starts counting again (those waiting keep waiting on the new counts). */
export const resetClients = () => {
  stats = { requests: 0, hungUp: 0 }
}
