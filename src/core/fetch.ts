import { defaultSharedCall } from './default'
import type { SharedCall } from './shared-call'

/** `RequestInit` plus what decides who may share a response. */
export interface SharedFetchInit extends RequestInit {
  /**
   * Request headers whose values must match for two requests to share, beside
   * `Authorization` and `Cookie` (always). Add `accept` if you negotiate formats.
   */
  vary?: readonly string[]
  /** The instance whose flights and stats to use. Default: `defaultSharedCall`. */
  shared?: SharedCall
}

/** A response read once, or a stream the first caller takes. */
interface Fetched {
  response: Response
  /** The bytes read once; absent for a stream. */
  body?: ArrayBuffer | null
  taken?: boolean
}

/**
 * `fetch` that coalesces identical concurrent GET and HEAD requests: same
 * method, URL, `Authorization`, `Cookie` and `vary` headers. Each caller gets
 * its own `Response` with its own body. Other methods and `cache: 'no-store'`
 * go straight to `fetch`. The caller's `signal` cancels that caller only.
 *
 * @example
 * ```ts
 * const [a, b] = await Promise.all([sharedFetch('/api/items'), sharedFetch('/api/items')]) // one request
 * await a.json(); await b.json()
 * ```
 */
export const sharedFetch = (
  input: RequestInfo | URL,
  init?: SharedFetchInit,
): Promise<Response> => {
  const request = new Request(input, init)
  const { method, headers } = request
  if ((method !== 'GET' && method !== 'HEAD') || request.cache === 'no-store')
    return fetch(input, init)
  let key = `fetch:${method} ${request.url}`
  for (const name of ['authorization', 'cookie', ...(init?.vary ?? [])]) {
    const value = headers.get(name)
    if (value !== null) key += `\n${name.toLowerCase()}: ${value}`
  }
  const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined)
  return (init?.shared ?? defaultSharedCall)
    .run(
      key,
      async (signal): Promise<Fetched> => {
        const response = await fetch(new Request(request, { signal }))
        // An event stream never ends in time to be shared: the first caller
        // takes it and the others fetch their own.
        if (response.headers.get('content-type')?.startsWith('text/event-stream'))
          return { response }
        return { response, body: method === 'HEAD' ? null : await response.arrayBuffer() }
      },
      signal ? { signal } : undefined,
    )
    .then((fetched) => {
      const { response, body } = fetched
      if (body === undefined) {
        if (fetched.taken) return fetch(input, init)
        fetched.taken = true
        return response
      }
      // Statuses such as 204 and 304 must not carry a body, not even an empty one.
      const own = new Response(body?.byteLength ? body : null, response)
      return Object.defineProperties(own, {
        url: { value: response.url },
        redirected: { value: response.redirected },
      })
    })
}
