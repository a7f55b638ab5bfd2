import type { Context } from 'hono'
import { check, isKeyString } from '../core/check'
import { carriesCredentials } from './credentials'
import type { ResolvedOptions } from './options'

// A key is `hono<scope>:<METHOD> <resource>` (the scope numbers a middleware
// on the default instance, so that two apps never share a flight), then one line per other part, each
// tagged (`i:` identity, `o:` origin, `v:` varying headers). Every part is
// escaped so that it holds no newline: no path, query, identity or header
// can end one part and start another (`GET /api/me%0Aalice` decodes to a
// newline in `c.req.path`, and must never read as the identity "alice").

/** `\` → `\\` and newline → `\n`: reversible, so two different parts never escape alike. */
const escapePart = (part: string): string =>
  part.replace(/[\\\n]/g, (char) => (char === '\n' ? '\\n' : '\\\\'))

/**
 * The key of the resource a request asks for (its method, `key(c)` or URL,
 * identity and `Origin`), or undefined when the request must pass through:
 * `Range` and `Upgrade` requests, and requests with credentials but no identity.
 *
 * @throws TypeError when `key(c)` or `identity(c)` returns what can't be a key.
 */
export const resourceKey = async (
  c: Context,
  { key, identity, credentialHeaders, scope }: ResolvedOptions,
): Promise<string | undefined> => {
  const { headers, method, url } = c.req.raw
  // A part of the response, or a switch of protocol, is not what the others asked for.
  if (headers.has('range') || headers.has('upgrade')) return
  const resource = key ? key(c) : url
  check(
    isKeyString(resource),
    'key(c)',
    'a non-empty string without lone surrogates, returned synchronously',
    resource,
  )
  const id = identity ? await identity(c) : undefined
  check(
    id == null || isKeyString(id),
    'identity(c)',
    'a non-empty string without lone surrogates, null or undefined',
    id,
  )
  // Without a trusted identity, credentials make a response private: Steam, December 2015.
  if (id == null && carriesCredentials(headers, credentialHeaders)) return
  const origin = headers.get('origin')
  let k = `hono${scope}:${method} ${escapePart(resource)}`
  if (id != null) k += `\ni:${escapePart(id)}`
  if (origin !== null) k += `\no:${escapePart(origin)}`
  return k
}

/** The key of one flight: the resource, split by the request's values of the headers it varies on. */
export const flightKey = (
  resource: string,
  names: readonly string[],
  values: readonly (string | null)[],
): string => (names.length ? `${resource}\nv:${JSON.stringify([names, values])}` : resource)
