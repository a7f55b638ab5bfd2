import type { Context } from 'hono'
import { embeddedValues, hasValues, type PerRequest } from './per-request'
import { isPrivate, readSnapshot, type Snapshot, toResponse, withoutHeaders } from './snapshot'

/** An error that carries a response, as Hono's `HTTPException` from bearerAuth, basicAuth or jwt. */
interface ErrorWithResponse extends Error {
  res: Response | undefined
  getResponse(): Response
}

const hasResponse = (error: unknown): error is ErrorWithResponse =>
  error instanceof Error &&
  typeof (error as Partial<ErrorWithResponse>).getResponse === 'function' &&
  (error as Partial<ErrorWithResponse>).res != null

/**
 * The answer to each error that carries a response, read once by the
 * leader, with the values of the leader's own it embeds. Its body is a
 * stream that only one request can read (and on Workers only the request
 * that made it): each follower gets a copy. `null`: too large to keep;
 * followers get the error's message instead.
 */
const answers = new WeakMap<
  Error,
  (Snapshot & { embedded: PerRequest[] }) | null | typeof LEADER_ONLY
>()

/** The leader's answer to the error is private to its client: each follower runs its own handler. */
const LEADER_ONLY = 0

/**
 * After the leader's `onError` has answered `error`: if the error carries a
 * response, reads the leader's answer into memory (without the headers in
 * `own`, which were the leader's own), notes which of the leader's `values`
 * it embeds, and gives the leader a fresh copy. An answer private to the
 * leader (a cookie it sets, `Cache-Control: private`: see `isPrivate`) is
 * not kept: as for a response, the followers run their own handler.
 */
export const keepErrorAnswer = async (
  c: Context,
  error: Error,
  own: ReadonlySet<string>,
  max: number,
  values: PerRequest[],
  ownCookies: readonly string[],
): Promise<void> => {
  if (!hasResponse(error) || answers.has(error)) return
  if (isPrivate(c.res.headers, ownCookies)) {
    answers.set(error, LEADER_ONLY)
    return
  }
  const snapshot = await readSnapshot(c.res, max)
  if (snapshot instanceof Response) {
    c.res = snapshot
    answers.set(error, null)
    return
  }
  c.res = undefined
  c.res = toResponse(snapshot, new Headers(snapshot.headers))
  const answer = withoutHeaders(snapshot, own)
  answers.set(error, { ...answer, embedded: await embeddedValues(answer, values, max) })
}

/**
 * Whether a follower may take `error` as the leader's request answered it:
 * that answer is not private to the leader, and embeds no value of the
 * leader's own (a request id, a nonce) that this request does not have.
 * If it may not, the follower runs its own handler.
 */
export const mayShareError = (error: unknown, c: Context, preset: [string, string][]): boolean => {
  const answer = answers.get(error as Error)
  return answer !== LEADER_ONLY && hasValues(c, preset, answer?.embedded ?? [])
}

/**
 * The error a follower rethrows so that its own `onError` runs: the same
 * error, or for one that carries a response, a copy of it (same class,
 * status and message) whose response this follower can read.
 */
export const errorForFollower = (error: unknown): unknown => {
  const answer = error instanceof Error ? answers.get(error) : undefined
  if (answer === undefined || answer === LEADER_ONLY) return error
  const copy = Object.create(
    Object.getPrototypeOf(error),
    Object.getOwnPropertyDescriptors(error),
  ) as ErrorWithResponse
  copy.res = answer ? toResponse(answer, new Headers(answer.headers)) : undefined
  return copy
}
