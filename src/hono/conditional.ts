// Conditional requests, answered the way a shared cache answers them: the
// shared run never sees one client's validators (Varnish strips If-* from a
// fetch: include/tbl/http_headers.h, HTTPH_R_FETCH), and each client gets the
// 304 or 412 its own If-* headers call for, evaluated against the shared
// response (RFC 9111 §4.3.2, in the order of RFC 9110 §13.2.2). A date that is
// not an HTTP-date is ignored (RFC 9110 §13.1.3).

import { httpDate } from './http-date'

/** The request headers that make a request conditional (RFC 9110 §13.1). */
export const CONDITIONAL_HEADERS: ReadonlySet<string> = new Set([
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
])

/** Whether the request carries any of `CONDITIONAL_HEADERS`. */
export const isConditional = (headers: Headers): boolean => {
  for (const name of CONDITIONAL_HEADERS) if (headers.has(name)) return true
  return false
}

/** The same request without its conditional headers: what the shared run sees. */
export const unconditional = (request: Request): Request => {
  const headers = new Headers(request.headers)
  for (const name of CONDITIONAL_HEADERS) headers.delete(name)
  return new Request(request, { headers })
}

const ENTITY_TAG = /(?:W\/)?"[^"]*"/g

/**
 * Whether `field` (an If-Match or If-None-Match value) matches `etag`.
 * `*` matches any current representation; a strong comparison (If-Match)
 * fails for weak tags, a weak one (If-None-Match) ignores `W/` (RFC 9110 §8.8.3.2).
 */
const matches = (field: string, etag: string | null, strong: boolean): boolean => {
  if (field.trim() === '*') return true
  if (etag === null || (strong && etag.startsWith('W/'))) return false
  const opaque = etag.replace(/^W\//, '')
  for (const tag of field.match(ENTITY_TAG) ?? []) {
    if (strong ? tag === etag : tag.replace(/^W\//, '') === opaque) return true
  }
  return false
}

const isRead = (method: string) => method === 'GET' || method === 'HEAD'

/**
 * The status this request's preconditions give the shared response: 304
 * (not modified), 412 (precondition failed), or undefined to send it as it
 * is. Only a 2xx response has preconditions (RFC 9110 §13.2.1). `If-Range`
 * only applies to `Range` requests, which are never shared.
 */
export const precondition = (
  request: Headers,
  method: string,
  status: number,
  response: Headers,
): 304 | 412 | undefined => {
  if (status < 200 || status > 299) return
  const etag = response.get('etag')
  const modified = httpDate(response.get('last-modified'))
  const ifMatch = request.get('if-match')
  if (ifMatch !== null) {
    if (!matches(ifMatch, etag, true)) return 412
  } else {
    const since = httpDate(request.get('if-unmodified-since'))
    if (since !== undefined && modified !== undefined && modified > since) return 412
  }
  const ifNoneMatch = request.get('if-none-match')
  if (ifNoneMatch !== null) {
    if (!matches(ifNoneMatch, etag, false)) return
    return isRead(method) ? 304 : 412
  }
  if (!isRead(method)) return
  const since = httpDate(request.get('if-modified-since'))
  // A date in the future is not a valid validator (Varnish's RFC2616_Do_Cond ignores it too).
  if (since === undefined || since > Date.now() || modified === undefined) return
  return modified <= since ? 304 : undefined
}

/**
 * Headers a 304 leaves out: the ones that describe a body it doesn't have
 * (RFC 9110 §15.4.5). It keeps ETag, Last-Modified, Cache-Control, Expires,
 * Vary, Date, Content-Location and every header that is not about the body.
 */
const NOT_MODIFIED_DROPS = [
  'content-length',
  'content-type',
  'content-encoding',
  'content-language',
  'content-range',
  'transfer-encoding',
]

/** A 412 is an error: it also leaves out what would let a cache store it. */
const FAILED_DROPS = [...NOT_MODIFIED_DROPS, 'cache-control', 'expires']

/** Turns the headers of the shared response into those of a 304 or 412, in place. */
export const trimForStatus = (status: 304 | 412, headers: Headers): void => {
  for (const name of status === 304 ? NOT_MODIFIED_DROPS : FAILED_DROPS) headers.delete(name)
}
