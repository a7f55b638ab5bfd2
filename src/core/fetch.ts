import { check, checkObject } from './check'
import { defaultSharedCall } from './default'
import { identityOf } from './identity'
import { encodeKey } from './key'
import type { SharedCall } from './shared-call'

/** `RequestInit` plus the instance to share on. */
export interface SharedFetchInit extends RequestInit {
  /** The instance whose flights and stats to use. Default: `defaultSharedCall`. */
  shared?: SharedCall
  /**
   * @deprecated Every header is part of the key now, so this list adds
   * nothing. Still accepted, and ignored.
   */
  vary?: readonly string[]
}

/** A response read once, or a stream the first caller takes. */
interface Fetched {
  response: Response
  /** The bytes read once; absent for a stream. */
  body?: ArrayBuffer | null
  taken?: boolean
}

// The RequestInit fields keyed by FIELDS below (or by the Request itself), or
// that cannot change the response (signal: per caller; body: never shared).
const STANDARD = new Set([
  'body',
  'cache',
  'credentials',
  'duplex',
  'headers',
  'integrity',
  'keepalive',
  'method',
  'mode',
  'priority',
  'redirect',
  'referrer',
  'referrerPolicy',
  'signal',
  'window',
  'shared',
  'vary',
])

/** A value as a key part: its encoding, or, for an object that has none (an agent, a client), its identity. */
const valuePart = (value: unknown): unknown[] => {
  try {
    return ['=', encodeKey(value)]
  } catch {
    return ['#', identityOf(value as object)]
  }
}

/**
 * The `RequestInit` fields read as the request will have them: from `init`
 * when given (it overrides an input Request's), else as the Request
 * normalised them. Not every runtime's Request keeps every field (Bun drops
 * credentials, referrer, integrity, keepalive), so `init` is read first.
 * (`priority`, which no Request keeps, is read from `init` alone.) Names, not
 * functions: a list of calls would stay in every bundle of the core.
 */
const FIELDS = [
  'credentials',
  'mode',
  'redirect',
  'referrer',
  'referrerPolicy',
  'integrity',
  'cache',
  'keepalive',
  'priority',
] as const

/**
 * The key of a request: everything that can change its response. Method,
 * URL, every header (names lower-cased and sorted by `Headers`, values
 * exact), the `RequestInit` fields a `Request` keeps, `priority`, and any
 * field this runtime adds (`dispatcher` on Node, `cf` on Workers, `client` on
 * Deno...). Encoded as one `encodeKey` array, so no header value or URL can
 * spell another request's key.
 */
const requestKey = (request: Request, init: SharedFetchInit | undefined): string => {
  const headers = [...request.headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const parts: unknown[] = [request.method, request.url, headers]
  for (const name of FIELDS)
    parts.push(init?.[name] ?? (request as unknown as Record<string, unknown>)[name])
  if (init) {
    for (const name of Object.keys(init).sort()) {
      const value = init[name as keyof RequestInit]
      if (!STANDARD.has(name) && value !== undefined) parts.push([name, ...valuePart(value)])
    }
  }
  return `\0fetch:${encodeKey(parts)}`
}

/** `init` without what only sharedFetch reads, for `fetch` itself. */
const forFetch = (init: SharedFetchInit | undefined): RequestInit | undefined => {
  if (!init || (!('shared' in init) && !('vary' in init))) return init
  const { shared: _, vary: __, ...rest } = init
  return rest
}

/**
 * `fetch` that coalesces concurrent GET and HEAD requests that are the same
 * request: same method, URL, every header, and every `RequestInit` field
 * that can change the response (`credentials`, `mode`, `redirect`,
 * `referrer`, `cache`, ...). Each caller gets its own `Response` with its
 * own body. Other methods and `cache: 'no-store'` go straight to `fetch`.
 * The caller's `signal` cancels that caller only; the request is aborted
 * when every caller has left.
 *
 * @throws TypeError, synchronously, for an `init` that is not an object or
 *   a `shared` that is not a `SharedCall`.
 *
 * @example
 * ```ts
 * import { sharedFetch } from 'shared-call'
 *
 * const [a, b] = await Promise.all([
 *   sharedFetch('https://example.com/api/items'),
 *   sharedFetch('https://example.com/api/items'),
 * ]) // one request
 * console.log(await a.json(), await b.json())
 * ```
 */
export const sharedFetch = (
  input: RequestInfo | URL,
  init?: SharedFetchInit,
): Promise<Response> => {
  checkObject(init, 'sharedFetch init')
  const shared = check(
    init?.shared === undefined || typeof init.shared.join === 'function',
    'shared',
    'a SharedCall',
    init?.shared,
  )
  const own = forFetch(init)
  const request = new Request(input, own)
  const { method } = request
  if ((method !== 'GET' && method !== 'HEAD') || (own?.cache ?? request.cache) === 'no-store')
    return fetch(input, own)
  // As Request does: init's signal (even null) wins over the input Request's.
  const signal =
    init?.signal !== undefined
      ? (init.signal ?? undefined)
      : input instanceof Request
        ? input.signal
        : undefined
  const { result, pass } = (shared ?? defaultSharedCall).join(
    requestKey(request, init),
    async (signal): Promise<Fetched> => {
      // `input` and the caller's init as given, so fields this runtime adds
      // (a dispatcher, cf) reach fetch; the signal is the flight's.
      const response = await fetch(input, { ...own, signal })
      // An event stream never ends in time to be shared: the first caller
      // takes it and the others fetch their own.
      if (response.headers.get('content-type')?.startsWith('text/event-stream')) return { response }
      return { response, body: method === 'HEAD' ? null : await response.arrayBuffer() }
    },
    signal ? { signal } : undefined,
  )
  return result.then((fetched) => {
    const { response, body } = fetched
    if (body === undefined) {
      if (fetched.taken) {
        // It got no share of the stream: it fetches its own.
        pass()
        return fetch(input, own)
      }
      fetched.taken = true
      return response
    }
    // Statuses such as 204 and 304 must not carry a body, not even an empty one.
    const copy = new Response(body?.byteLength ? body : null, response)
    return Object.defineProperties(copy, {
      url: { value: response.url },
      redirected: { value: response.redirected },
    })
  })
}
