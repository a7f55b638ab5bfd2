import type { Context, MiddlewareHandler } from 'hono'
import { resolveOptions, type SharedCallMiddlewareOptions } from './options'
import { HEADER, isUnshareable, readSnapshot, type Snapshot, toResponse } from './snapshot'

/** The leader's response could not be shared: each follower runs the handler itself. */
const PASS = 0
/** The abort reason of a follower that waited `waitTimeout` for nothing. */
const GAVE_UP = {}
/** How long a key whose response could not be shared skips coalescing. */
const PASS_FOR_MS = 1000

/**
 * Hono middleware that coalesces concurrent identical requests: the first
 * (the leader) runs the handler, the others (followers) wait for it and each
 * gets its own copy of the response (status, headers, body). The header
 * `x-shared-call: leader | follower | pass` says what happened.
 *
 * Never shared: other methods and requests with a body (untouched), requests
 * with `Authorization` or `Cookie` unless `identity` is given, `Range`
 * requests, and responses with `Set-Cookie`, `Cache-Control: private` or
 * `no-store`, streams, or bodies over `maxBodyBytes` (the followers then run
 * the handler themselves, all at once).
 *
 * @throws TypeError at creation for bad options.
 *
 * @example
 * ```ts
 * app.use('/api/*', sharedCall({ shared }))
 * ```
 */
export const sharedCall = (options?: SharedCallMiddlewareOptions): MiddlewareHandler => {
  const { shared, key, identity, methods, maxBodyBytes, waitTimeout } = resolveOptions(options)
  /** Keys whose last response could not be shared, until when to pass them through. */
  const passing = new Map<string, number>()

  const keyOf = async (c: Context): Promise<string | undefined> => {
    const { headers, method, url } = c.req.raw
    if (headers.has('range')) return
    const id = identity ? await identity(c) : undefined
    // Without a trusted identity, credentials make a response private: Steam 2015.
    if (id == null && (headers.has('authorization') || headers.has('cookie'))) return
    const k = `hono:${method} ${key ? key(c) : url}${id == null ? '' : `\n${id}`}`
    const until = passing.get(k)
    if (until === undefined) return k
    if (until > Date.now()) return
    passing.delete(k)
    return k
  }

  const pass = async (c: Context, next: () => Promise<void>): Promise<void> => {
    await next()
    c.header(HEADER, 'pass')
  }

  return async function sharedCall(c, next) {
    const { method, body } = c.req.raw
    if (!methods.includes(method) || body) return next()
    const k = await keyOf(c)
    if (k === undefined) return pass(c, next)

    let leader = false
    const lead = async (): Promise<Snapshot | typeof PASS> => {
      leader = true
      await next()
      // Hono's onError already answered the leader; the followers get the error to answer theirs.
      if (c.error) throw c.error
      const res = c.res
      if (!isUnshareable(res, maxBodyBytes)) {
        const snapshot = await readSnapshot(res, maxBodyBytes)
        if (!(snapshot instanceof Response)) return snapshot
        // Too large to share: the leader gets its whole body, streamed.
        c.res = snapshot
      }
      if (passing.size > 1000) passing.clear()
      passing.set(k, Date.now() + PASS_FOR_MS)
      return PASS
    }
    const giveUp = new AbortController()
    const size = shared.size
    const result = shared.run(k, lead, { signal: giveUp.signal })
    let timer: ReturnType<typeof setTimeout> | undefined
    // This request started the flight: it leads, or waits for another isolate's
    // leader through a coordinator (which then may pick it, later, to lead).
    if (shared.size > size) {
      // Followers wait on this request's work: keep it alive if its client goes away.
      try {
        c.executionCtx.waitUntil(result.catch(() => {}))
      } catch {
        // No ExecutionContext outside Workers: the work runs on by itself.
      }
    } else if (waitTimeout) timer = setTimeout(() => giveUp.abort(GAVE_UP), waitTimeout)

    let outcome: Snapshot | typeof PASS
    try {
      outcome = await result
    } catch (error) {
      // The leader's own onError has answered it; a follower rethrows so that its onError runs.
      if (leader && error === c.error) return c.header(HEADER, 'leader')
      if (error !== GAVE_UP) throw error
      outcome = PASS
    } finally {
      clearTimeout(timer)
    }
    if (outcome !== PASS) c.res = toResponse(outcome, leader ? 'leader' : 'follower')
    // A leader whose response could not be shared has it already; a follower runs the handler.
    else if (leader) c.header(HEADER, 'pass')
    else return pass(c, next)
  }
}
