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
  for (const [name, value] of preset) {
    if (name === 'set-cookie') headers.append(name, value)
    else headers.set(name, value)
  }
  headers.set(HEADER, role)
  return preconditionAnswer(request, shared.status, headers) ?? toResponse(shared, headers)
}

/**
 * The bodiless 304 or 412 that this request's own conditional headers call
 * for, given the status and headers of the response it would get; undefined
 * when it gets the response itself. `headers` is changed in place.
 */
export const preconditionAnswer = (
  request: Request,
  status: number,
  headers: Headers,
): Response | undefined => {
  const answer = precondition(request.headers, request.method, status, headers)
  if (!answer) return
  trimForStatus(answer, headers)
  return toResponse({ status: answer, statusText: STATUS_TEXT[answer], body: null }, headers)
}
