import type { StampedeLine, StampedeRoute } from '../../../../edge-demo/stampede'
import type { UpstreamStats } from '../../lib/server'

export type Route = StampedeRoute
type Line<T extends StampedeLine['type']> = Extract<StampedeLine, { type: T }>
export type RequestLine = Line<'request'>

export interface StampedeSettings {
  n: number
  delayMs: number
  /** How many calls of the run the upstream serves at once. */
  pool: number
}

/** One burst at one route, as far as it got. */
export interface StampedeResult {
  route: Route
  requests: number
  /** One entry per request that completed, in the order they completed. */
  completed: RequestLine[]
  /** The run's upstream counters, once every request completed. */
  upstream: UpstreamStats | undefined
}

/** The server's answer, a line of JSON at a time, as the lines arrive. */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<StampedeLine> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffered += decoder.decode(value, { stream: true })
    let end = buffered.indexOf('\n')
    while (end >= 0) {
      yield JSON.parse(buffered.slice(0, end)) as StampedeLine
      buffered = buffered.slice(end + 1)
      end = buffered.indexOf('\n')
    }
  }
}

/**
 * Asks the edge demo to fire `n` identical requests at once at a route,
 * inside the server (a browser would send them six at a time), and reports
 * each one as it completes through `onProgress`. The server gives the burst
 * a run of its own, so its upstream counters are this burst's alone.
 */
export const runStampede = async (
  route: Route,
  { n, delayMs, pool }: StampedeSettings,
  onProgress: (result: StampedeResult) => void,
  signal: AbortSignal,
): Promise<StampedeResult> => {
  const query = new URLSearchParams({
    route,
    n: String(n),
    delay: String(delayMs),
    pool: String(pool),
  })
  const response = await fetch(`/_stampede?${query}`, { method: 'POST', signal })
  if (!response.ok || !response.body) {
    throw new Error(`/_stampede answered HTTP ${response.status}: ${await response.text()}`)
  }
  let result: StampedeResult = { route, requests: n, completed: [], upstream: undefined }
  for await (const line of lines(response.body)) {
    if (line.type === 'request') result = { ...result, completed: [...result.completed, line] }
    else if (line.type === 'done') result = { ...result, upstream: line.upstream }
    else continue
    onProgress(result)
  }
  if (!result.upstream) throw new Error('the stampede ended before the server reported its end')
  return result
}

/** The value below which `q` (0–1) of the values fall. */
export const quantile = (values: number[], q: number) => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/** The `x-shared-call` roles, in the order they are listed whichever request ended first. */
const ROLE_ORDER = ['leader', 'follower', 'pass']

/**
 * How many requests said each `x-shared-call` role: leader, follower and
 * pass first, in that order (a leader's answer may arrive after its
 * followers'), then anything else as it came.
 */
export const rolesOf = (completed: RequestLine[]): Record<string, number> => {
  const counted: Record<string, number> = {}
  for (const { role } of completed) counted[role] = (counted[role] ?? 0) + 1
  const roles: Record<string, number> = {}
  for (const role of ROLE_ORDER) if (counted[role]) roles[role] = counted[role]
  return Object.assign(roles, counted)
}
