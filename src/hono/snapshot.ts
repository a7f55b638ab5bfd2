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
const ONE_REQUEST = new Set([101, 206, 304, 412])

/**
 * Whether a response must go to the leader only: it is private to one client
 * (a `Set-Cookie` other than those in `ownCookies`, which a middleware before
 * this one set for this request alone; `private`, `no-store` or `no-cache` in `Cache-Control`,
 * `Surrogate-Control` or `CDN-Cache-Control`), answers this request alone
 * (101, 206, 304, 412: the shared run never asked a conditional or partial
 * question), streams (`text/event-stream`, chunked) or says it is larger
 * than `max` bytes.
 */
export const isUnshareable = (
  res: Response,
  max: number,
  ownCookies: readonly string[] = [],
): boolean => {
  const { headers, status } = res
  const has = (name: string, pattern: RegExp) => pattern.test(headers.get(name) ?? '')
  return (
    ONE_REQUEST.has(status) ||
    headers.getSetCookie().some((cookie) => !ownCookies.includes(cookie)) ||
    has('cache-control', PRIVATE) ||
    has('surrogate-control', PRIVATE) ||
    has('cdn-cache-control', PRIVATE) ||
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
