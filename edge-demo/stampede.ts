import type { Context } from 'hono'
import { choiceParam, type DemoEnv, delayOf, integerParam, poolOf, runOf } from './params'
import { type UpstreamStats, upstreamStats } from './upstream'

/** The routes a stampede can hit: through the middleware, or around it. */
export const STAMPEDE_ROUTES = ['api', 'direct'] as const
export type StampedeRoute = (typeof STAMPEDE_ROUTES)[number]

/** One line of the stampede's answer (NDJSON), in the order they are sent. */
export type StampedeLine =
  | {
      type: 'start'
      route: StampedeRoute
      n: number
      delayMs: number
      pool: number | undefined
      run: string
      /** The URL every request of the burst asks for. */
      url: string
    }
  | {
      type: 'request'
      /** Which request of the burst (0 … n-1). */
      i: number
      /** From sending the request to having its whole body. */
      ms: number
      status: number
      /** Its `x-shared-call` header, or `none` (the route without the middleware). */
      role: string
      /** Which upstream call of the run produced its answer; absent on an error. */
      upstreamCall?: number
      error?: string
    }
  | { type: 'done'; ms: number; upstream: UpstreamStats }

/** Milliseconds to a tenth: what a histogram needs, without float noise. */
const tenths = (ms: number) => Math.round(ms * 10) / 10

const newRun = () => `stampede-${crypto.randomUUID()}`

/**
 * `POST /_stampede?route=api|direct&n=100&delay=300&pool=10`: fires `n`
 * identical requests at once at the demo's own product route, inside this
 * server (no browser connection limit in the way), and streams one line per
 * request as it completes, then the run's upstream counters. The burst gets
 * its own run (`?run=`, or a fresh one), so the counters are this burst's
 * alone and no earlier answer can be reused.
 */
export const stampede = (
  c: Context<DemoEnv>,
  send: (request: Request) => Response | Promise<Response>,
): Response => {
  const route = choiceParam(c, 'route', STAMPEDE_ROUTES)
  const n = integerParam(c, 'n', 100, 1, 1000)
  const product = integerParam(c, 'product', 2, 1, 1_000_000)
  const delayMs = delayOf(c)
  const pool = poolOf(c)
  const run = runOf(c) || newRun()
  const query = new URLSearchParams({ delay: String(delayMs), run })
  if (pool !== undefined) query.set('pool', String(pool))
  const url = new URL(`/${route}/products/${product}?${query}`, c.req.url)

  const encoder = new TextEncoder()
  let cancelled = false
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (line: StampedeLine) => {
        if (!cancelled) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`))
      }
      write({ type: 'start', route, n, delayMs, pool, run, url: url.pathname + url.search })
      const started = performance.now()
      // Every request is sent before any answers: the herd arrives at once.
      const requests = Array.from({ length: n }, (_, i) =>
        timed(i, () => send(new Request(url))).then(write),
      )
      Promise.all(requests).then(() => {
        write({
          type: 'done',
          ms: tenths(performance.now() - started),
          upstream: upstreamStats(run),
        })
        if (!cancelled) controller.close()
      })
    },
    cancel() {
      // The client left: the burst runs to its end, unread.
      cancelled = true
    },
  })
  return new Response(body, {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
  })
}

/** Sends one request of the burst and describes how it went. */
const timed = async (
  i: number,
  send: () => Response | Promise<Response>,
): Promise<StampedeLine> => {
  const sent = performance.now()
  try {
    const response = await send()
    const text = await response.text()
    const ms = tenths(performance.now() - sent)
    const role = response.headers.get('x-shared-call') ?? 'none'
    if (!response.ok) return { type: 'request', i, ms, status: response.status, role, error: text }
    const { upstreamCall } = JSON.parse(text) as { upstreamCall: number }
    return { type: 'request', i, ms, status: response.status, role, upstreamCall }
  } catch (error) {
    const ms = tenths(performance.now() - sent)
    return { type: 'request', i, ms, status: 0, role: 'none', error: String(error) }
  }
}
