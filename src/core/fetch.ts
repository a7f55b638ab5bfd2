import type { SharedCall } from './shared-call'

/** `RequestInit` plus the headers that make two requests different callers' data. */
export interface SharedFetchInit extends RequestInit {
  /**
   * Request headers whose values must match for two requests to share, beside
   * `Authorization` and `Cookie` (always). Add `accept` if you negotiate formats.
   */
  vary?: readonly string[]
}

/** What one network response becomes, so that each caller can build its own `Response`. */
type Shared =
  | { body: ArrayBuffer | null; init: ResponseInit; url: string; redirected: boolean }
  // A stream never ends in time to be shared: the first caller takes it, the rest fetch their own.
  | { stream: Response; taken: boolean }

const IDENTITY = ['authorization', 'cookie']

/** The engine of `sharedFetch` and `SharedCall#fetch`. */
export const fetchThrough = (
  shared: SharedCall,
  input: RequestInfo | URL,
  init?: SharedFetchInit,
): Promise<Response> => {
  const request = new Request(input, init)
  const { method, headers } = request
  if (
    (method !== 'GET' && method !== 'HEAD') ||
    init?.cache === 'no-store' ||
    request.cache === 'no-store'
  ) {
    return fetch(input, init)
  }
  let key = `fetch:${method} ${request.url}`
  for (const name of init?.vary ? IDENTITY.concat(init.vary) : IDENTITY) {
    const value = headers.get(name)
    if (value !== null) key += `\n${name.toLowerCase()}: ${value}`
  }
  const work = async (signal: AbortSignal): Promise<Shared> => {
    const response = await fetch(new Request(request, { signal }))
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      return { stream: response, taken: false }
    }
    const { status, statusText } = response
    return {
      body: method === 'HEAD' ? null : await response.arrayBuffer(),
      init: { status, statusText, headers: response.headers },
      url: response.url,
      redirected: response.redirected,
    }
  }
  const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined)
  return shared.run(key, work, signal ? { signal } : undefined).then((result) => {
    if ('stream' in result) {
      if (result.taken) return fetch(input, init)
      result.taken = true
      return result.stream
    }
    // Statuses such as 204 and 304 must not carry a body, not even an empty one.
    const response = new Response(
      result.body?.byteLength ? result.body.slice(0) : null,
      result.init,
    )
    Object.defineProperties(response, {
      url: { value: result.url },
      redirected: { value: result.redirected },
    })
    return response
  })
}
