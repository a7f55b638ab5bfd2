import { precondition, trimForStatus } from './conditional'
import type { PerRequest } from './per-request'
import { HEADER, type Snapshot, toResponse } from './snapshot'

/** What a flight hands every request that waited on it. */
export interface SharedResponse extends Snapshot {
  /** The headers the response varies on, and the values the shared run saw. */
  vary: [names: string[], values: (string | null)[]]
  /** Values of the leader's own that the response embeds. */
  embedded: PerRequest[]
}

const STATUS_TEXT = { 304: 'Not Modified', 412: 'Precondition Failed' }

/**
 * One request's own response, built from the shared one: the 304 or 412
 * its own conditional headers call for, or the response itself; with the
 * headers set for this request before the middleware ran (`preset`: a
 * request id, CORS, a nonce) and the role it played.
 */
export const answer = (
  shared: SharedResponse,
  request: Request,
  preset: [string, string][],
  role: 'leader' | 'follower',
): Response => {
  const headers = new Headers(shared.headers)
  const status = precondition(request.headers, request.method, shared.status, headers)
  if (status) trimForStatus(status, headers)
  for (const [name, value] of preset) {
    if (name === 'set-cookie') headers.append(name, value)
    else headers.set(name, value)
  }
  headers.set(HEADER, role)
  if (!status) return toResponse(shared, headers)
  return toResponse({ status, statusText: STATUS_TEXT[status], body: null }, headers)
}
