import { CONDITIONAL_HEADERS } from './conditional'
import { TOKEN } from './options'

/** `Vary: *`: the response varies on things no header says; it never matches (RFC 9111 §4.1). */
export const ANYTHING = '*'

/**
 * The request headers a response varies on, lower-case and sorted, or `'*'`
 * when it says `*` or names something that is not a field name
 * (`Accept-Encoding; Origin`, `"Accept"`): what it varies on is then
 * unknown, so it never matches, and no such name is ever looked up.
 * Besides those its `Vary` names, it varies on `Accept-Encoding` when it has
 * a `Content-Encoding` (Hono's `compress()`), on `Origin` when it allows one
 * origin (`cors()`), and on `Access-Control-Request-Headers` when it lists
 * allowed headers: a middleware that forgets to say `Vary` still can't hand
 * one client's encoding or CORS grant to another.
 */
export const varyOf = (headers: Headers): string[] | typeof ANYTHING => {
  const names = new Set<string>()
  for (const part of (headers.get('vary') ?? '').split(',')) {
    const name = part.trim().toLowerCase()
    if (name === ANYTHING || (name && !TOKEN.test(name))) return ANYTHING
    if (name) names.add(name)
  }
  if (headers.has('content-encoding')) names.add('accept-encoding')
  const origin = headers.get('access-control-allow-origin')
  if (origin !== null && origin.trim() !== '*') names.add('origin')
  if (headers.has('access-control-allow-headers')) names.add('access-control-request-headers')
  return [...names].sort()
}

/**
 * This request's values of `names`, as the shared run saw them: it never
 * sees conditional headers, so they count as absent for everyone.
 * Compared as sent (RFC 9111 §4.1 allows no looser match without knowing
 * each field's syntax): an absent header only matches an absent one.
 */
export const varyValues = (headers: Headers, names: readonly string[]): (string | null)[] =>
  names.map((name) => (CONDITIONAL_HEADERS.has(name) ? null : headers.get(name)))

/** Whether a request's `values` of the varying headers are those the shared response was made for. */
export const sameValues = (
  mine: readonly (string | null)[],
  theirs: readonly (string | null)[],
): boolean => mine.length === theirs.length && mine.every((value, i) => value === theirs[i])
