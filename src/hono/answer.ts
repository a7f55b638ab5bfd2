import { precondition, trimForStatus } from './conditional'
import type { PerRequest } from './per-request'
import { HEADER, type Snapshot, toResponse } from './snapshot'

/** What a flight hands every request that waited on it. */
export interface SharedResponse extends Snapshot {
  /** The headers the response varies on, and the values the shared run saw. */
  vary: [names: string[], values: (string | null)[]]
  /** Values of the leader's own that the response embeds. */
  embedded: PerRequest[]
  /**
   * Headers set before the middleware ran that the handler removed: no
   * request gets its own back. Absent in what an older version published.
   */
  removed?: string[]
}

/**
 * Which of the headers set for the leader before the middleware ran
 * (`preset`) are its own: those the handler left as they were (a request
 * id, CORS, a rate limit, a cookie), taken out of the shared response so
 * that each request gets its own; and which the handler removed. A header
 * the handler changed (`Vary`, `Content-Language`) is the handler's, and is
 * shared as it set it: without the middleware each client would get it too.
 */
export const ownHeaders = (
  preset: [string, string][],
  headers: Headers,
): [own: Set<string>, removed: string[]] => {
  const own = new Set<string>()
  const removed: string[] = []
  for (const [name, value] of preset) {
    const now = headers.get(name)
    if (name === 'set-cookie' || now === value) own.add(name)
    else if (now === null) removed.push(name)
  }
  return [own, removed]
}

const STATUS_TEXT = { 304: 'Not Modified', 412: 'Precondition Failed' }

/**
 * One request's own response, built from the shared one: the 304 or 412
 * its own conditional headers call for, or the response itself; with the
 * headers set for this request before the middleware ran (`preset`: a
 * request id, CORS, a nonce) where the handler neither set nor removed
 * them, and the role it played.
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
    else if (!headers.has(name) && !shared.removed?.includes(name)) headers.set(name, value)
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
