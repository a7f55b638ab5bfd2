import { httpDate } from './http-date'

/**
 * A response read into memory, as plain data that a coordinator's codec
 * (JSON, which carries bytes as base64) takes to other isolates and processes
 * unchanged. Each waiting request builds its own `Response` from it.
 */
export interface Snapshot {
  status: number
  statusText: string
  headers: [name: string, value: string][]
  body: Uint8Array | null
}

/** The response header that says what happened: `leader`, `follower` or `pass`. */
export const HEADER = 'x-shared-call'

/**
 * Cache directives that make a response private to its client: `private`,
 * `no-store`, and `no-cache` (it may not be reused without asking the origin,
 * RFC 9111 §5.2.2.4). Varnish's builtin.vcl makes the same call.
 */
const PRIVATE = /(?:^|,)\s*(?:private|no-store|no-cache)\b/i

/** Statuses that answer one request only: a protocol switch, a part, or a precondition. */
const ONE_REQUEST = [101, 206, 304, 412]

/**
 * Statuses a cache may reuse without explicit freshness (RFC 9110 §15.1:
 * "heuristically cacheable"); 206 answers one request. Any other (201, 303,
 * 307, 500) only with `max-age`, `s-maxage` or `Expires` (RFC 9111 §3):
 * `GET /pads/new` that mints a pad and answers 303 must send each client to
 * its own pad. Varnish's RFC2616_Ttl allows a shorter list.
 */
const HEURISTIC = [200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]

/** The value of `directive` in a Cache-Control value (`max-age=60`, `max-age="60"`). */
const seconds = (cacheControl: string, directive: string): string | undefined =>
  new RegExp(`(?:^|,)\\s*${directive}\\s*=\\s*"?(\\d+)`, 'i').exec(cacheControl)?.[1]

/**
 * Whether a shared cache may reuse the response for other requests
 * (RFC 9111 §3, §4.2). It needs a heuristically cacheable status or explicit
 * freshness; and one that is stale on arrival (its freshness lifetime, from
 * `s-maxage`, else `max-age`, else `Expires` − `Date`, is no more than its
 * `Age`) may not say `must-revalidate`, `proxy-revalidate` or `s-maxage`:
 * those forbid reusing it stale (RFC 9111 §5.2.2.2, §5.2.2.8, §5.2.2.10).
 * A plain `max-age=0` may be: a stale response may be served when the origin
 * allows it (§4.2.4), and the app that installs this middleware is the origin.
 */
const isReusable = (status: number, headers: Headers): boolean => {
  const cacheControl = headers.get('cache-control') ?? ''
  const expires = headers.get('expires')
  const explicit = seconds(cacheControl, 's-maxage') ?? seconds(cacheControl, 'max-age')
  const lifetime =
    explicit !== undefined
      ? Number(explicit)
      : expires === null
        ? undefined
        : // An Expires that is not a date means "already expired" (RFC 9111 §5.3).
          ((httpDate(expires) ?? 0) - (httpDate(headers.get('date')) ?? Date.now())) / 1000
  if (lifetime === undefined) return HEURISTIC.includes(status)
  return (
    lifetime > (Number(headers.get('age')) || 0) ||
    !/must-revalidate|proxy-revalidate|s-maxage/i.test(cacheControl)
  )
}

/**
 * Whether an answer is private to its client: it sets a cookie other than
 * `ownCookies` (which a middleware before this one set for this request
 * alone), or says `private`, `no-store` or `no-cache` in `Cache-Control`,
 * `Surrogate-Control` or `CDN-Cache-Control`.
 */
export const isPrivate = (headers: Headers, ownCookies: readonly string[] = []): boolean =>
  headers.getSetCookie().some((cookie) => !ownCookies.includes(cookie)) ||
  ['cache-control', 'surrogate-control', 'cdn-cache-control'].some((name) =>
    PRIVATE.test(headers.get(name) ?? ''),
  )

/**
 * Whether a response must go to the leader only: it is private to one client
 * (a `Set-Cookie` other than those in `ownCookies`, which a middleware before
 * this one set for this request alone; `private`, `no-store` or `no-cache` in `Cache-Control`,
 * `Surrogate-Control` or `CDN-Cache-Control`), answers this request alone
 * (101, 206, 304, 412: the shared run never asked a conditional or partial
 * question), is not one a shared cache could reuse (a 303 without explicit
 * freshness, a stale `must-revalidate`), streams (`text/event-stream`,
 * chunked) or says it is larger than `max` bytes.
 */
export const isUnshareable = (
  res: Response,
  max: number,
  ownCookies: readonly string[] = [],
): boolean => {
  const { headers, status } = res
  const has = (name: string, pattern: RegExp) => pattern.test(headers.get(name) ?? '')
  return (
    ONE_REQUEST.includes(status) ||
    !isReusable(status, headers) ||
    isPrivate(headers, ownCookies) ||
    has('content-type', /text\/event-stream/i) ||
    has('transfer-encoding', /chunked/i) ||
    Number(headers.get('content-length')) > max
  )
}

/**
 * Reads the response into a snapshot. Past `max` bytes of body it stops and
 * returns the response as it was instead (what was read, then the rest,
 * streamed), for the leader alone: a large or endless body is never
 * buffered whole, and no copy of the stream (a tee) is made up front.
 */
export const readSnapshot = async (res: Response, max: number): Promise<Snapshot | Response> => {
  const { status, statusText, headers } = res
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = res.body?.getReader()
  while (reader) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.length
    if (size > max) {
      const rest = new ReadableStream<Uint8Array>({
        start: (controller) => {
          for (const chunk of chunks) controller.enqueue(chunk)
        },
        pull: async (controller) => {
          const next = await reader.read()
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        },
        cancel: (reason) => reader.cancel(reason),
      })
      return new Response(rest, res)
    }
  }
  const body = size ? new Uint8Array(size) : null
  size = 0
  for (const chunk of chunks) {
    body!.set(chunk, size)
    size += chunk.length
  }
  return { status, statusText, headers: [...headers], body }
}

/** The snapshot without the headers named in `names`. */
export const withoutHeaders = (snapshot: Snapshot, names: ReadonlySet<string>): Snapshot =>
  names.size
    ? { ...snapshot, headers: snapshot.headers.filter(([name]) => !names.has(name)) }
    : snapshot

/**
 * A fresh `Response` for one request. On Workers a `Response` or stream from
 * one request cannot be used in another, so each request gets its own, built
 * from the snapshot. The headers go in whole, as one `Headers`:
 * @hono/node-server's `Response` drops headers set later on a copy.
 */
export const toResponse = (
  { status, statusText, body }: Omit<Snapshot, 'headers'>,
  headers: Headers,
): Response => new Response(body as Uint8Array<ArrayBuffer> | null, { status, statusText, headers })
