import type { Context, Env, MiddlewareHandler, Next } from 'hono'
import type { SharedCall } from 'shared-call'
import { answer, ownHeaders, preconditionAnswer, type SharedResponse } from './answer'
import { isConditional, unconditional } from './conditional'
import { errorForFollower, keepErrorAnswer, mayShareError } from './errors'
import { flightKey, resourceKey } from './key'
import { createMemory } from './memory'
import { resolveOptions, type SharedCallMiddlewareOptions, type SharedCallRole } from './options'
import { embeddedValues, hasValues, perRequestValues } from './per-request'
import { HEADER, isUnshareable, readSnapshot, withoutHeaders } from './snapshot'
import { ANYTHING, sameValues, varyOf, varyValues } from './vary'

/** The leader's response could not be shared: each follower runs the handler itself. */
const PASS = 0
/** The leader's handler threw and its own `onError` has answered it. */
const ANSWERED = 1
/** What a follower that waited `waitTimeout` for nothing gets. */
const GAVE_UP = 2

type Outcome = SharedResponse | typeof PASS

/**
 * The resources each request has entered, per `SharedCall`. A second
 * `sharedCall()` on the same request (an app and its sub-app, or the same
 * middleware registered twice) that computes the same resource passes
 * through: joining the flight its own request leads would wait forever.
 */
const entered = new WeakMap<Context, { shared: SharedCall; resource: string }[]>()

/** Records that `c` entered `resource`; false if it already had. */
const enter = (c: Context, shared: SharedCall, resource: string): boolean => {
  const mine = entered.get(c)
  if (!mine) entered.set(c, [{ shared, resource }])
  else if (mine.some((e) => e.shared === shared && e.resource === resource)) return false
  else mine.push({ shared, resource })
  return true
}

/**
 * The Workers `ExecutionContext` of this request, or undefined where there
 * is none. Hono's getter throws then; the stack trace that throw would
 * capture costs more than the rest of a request's bookkeeping, so none is taken.
 */
const executionContextOf = (
  c: Context,
): { waitUntil(promise: Promise<unknown>): void } | undefined => {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return c.executionCtx
  } catch {
    return undefined
  } finally {
    Error.stackTraceLimit = limit
  }
}

/**
 * Headers a middleware before this one set for this request (a request id,
 * CORS, a rate limit): its own, never shared. Read from a response made the
 * way the handler's own would be, not from `c.res`: reading `c.res` would
 * create one that Hono then folds into the handler's, and on
 * @hono/node-server would cost a full `Response`. Content-Type is left out,
 * as Hono leaves it out when it folds headers in.
 */
const presetHeaders = (c: Context): [string, string][] => {
  const headers: [string, string][] = []
  for (const entry of c.newResponse('').headers)
    if (entry[0] !== 'content-type') headers.push(entry)
  return headers
}

const pass = async (c: Context, next: Next): Promise<void> => {
  await next()
  c.header(HEADER, 'pass')
}

/** Replaces the response without Hono folding the old one's headers into it. */
const replace = (c: Context, res: Response): void => {
  c.res = undefined
  c.res = res
}

/**
 * Hono middleware that coalesces concurrent identical requests: the first
 * (the leader) runs the handler, the others (followers) wait for it and each
 * gets its own copy of the response (status, headers, body). The header
 * `x-shared-call: leader | follower | pass` says what happened.
 *
 * It shares only what a shared HTTP cache may share (RFC 9111), as nginx
 * and Varnish do: each client gets the 304/412/200 its own conditional
 * headers call for; a follower gets the response only if the headers it
 * varies on match; requests with credentials in any usual header pass
 * unless `identity` is given; private, `no-cache`, streaming or oversized
 * responses, and ones that embed a value of the leader's own request (a CSP
 * nonce), go to the leader only, and the followers run the handler
 * themselves, at once.
 *
 * @throws TypeError at creation for bad options; for a request, when
 *   `key(c)` or `identity(c)` returns something that can't be a key.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono'
 * import { SharedCall } from 'shared-call'
 * import { sharedCall } from 'shared-call/hono'
 *
 * const app = new Hono()
 * app.use('/api/*', sharedCall({ shared: new SharedCall() }))
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: Hono's own default Env, so any app's context fits.
export const sharedCall = <E extends Env = any>(
  options?: SharedCallMiddlewareOptions<E>,
): MiddlewareHandler<E> => {
  const resolved = resolveOptions(options as SharedCallMiddlewareOptions)
  const { shared, maxBodyBytes, waitTimeout, serverTiming, onRole } = resolved
  const memory = createMemory()

  /** The leader's work: runs the handler on the request without its validators, and reads what it answered. */
  const run = async (
    c: Context,
    next: Next,
    resource: string,
    preset: [string, string][],
  ): Promise<Outcome> => {
    const original = c.req.raw
    const values = perRequestValues(c, preset)
    if (isConditional(original.headers)) c.req.raw = unconditional(original)
    const seen = c.req.raw
    try {
      await next()
    } finally {
      c.req.raw = original
    }
    const [own, removed] = ownHeaders(preset, c.res.headers)
    // Hono's onError has answered the leader; the followers get the error to answer theirs.
    if (c.error) {
      await keepErrorAnswer(c, c.error, own, maxBodyBytes, values)
      throw c.error
    }
    const res = c.res
    const cookies = preset.filter(([name]) => name === 'set-cookie').map(([, value]) => value)
    const vary = isUnshareable(res, maxBodyBytes, cookies) ? ANYTHING : varyOf(res.headers)
    if (vary === ANYTHING) {
      memory.pass(resource)
      return PASS
    }
    const snapshot = await readSnapshot(res, maxBodyBytes)
    if (snapshot instanceof Response) {
      // Too large to share: the leader gets its whole body, streamed.
      c.res = snapshot
      memory.pass(resource)
      return PASS
    }
    memory.learn(resource, vary)
    const response = withoutHeaders(snapshot, own)
    return {
      ...response,
      removed,
      vary: [vary, varyValues(seen.headers, vary)],
      embedded: await embeddedValues(response, values, maxBodyBytes),
    }
  }

  /** Leads or joins the flight of `key`: its outcome, and whether this request ran it. */
  const attempt = async (
    c: Context,
    next: Next,
    resource: string,
    key: string,
    preset: [string, string][],
  ): Promise<{ outcome: Outcome | typeof ANSWERED; ran: boolean }> => {
    if (memory.stuck(key, waitTimeout)) shared.forget(key)
    let ran = false
    const lead = () => {
      ran = true
      return run(c, next, resource, preset)
    }
    // No signal: a follower that stops waiting just stops listening. The
    // handler never reads the flight's signal, and a flight nobody can cancel
    // costs the core less.
    const { result, leader } = shared.join(key, lead)
    let timer: ReturnType<typeof setTimeout> | undefined
    let waited: Promise<Outcome | typeof GAVE_UP> = result
    // This request started the flight: it leads, or waits for another isolate's
    // leader through a coordinator (which then may pick it, later, to lead).
    if (leader) {
      const ended = memory.start(key)
      result.then(ended, ended)
      // Followers wait on this request's work: keep it alive if its client goes away.
      executionContextOf(c)?.waitUntil(result.catch(() => {}))
    } else if (waitTimeout) {
      const gaveUp = new Promise<typeof GAVE_UP>((resolve) => {
        timer = setTimeout(resolve, waitTimeout, GAVE_UP)
      })
      waited = Promise.race([result, gaveUp])
    }
    try {
      const outcome = await waited
      return { outcome: outcome === GAVE_UP ? PASS : outcome, ran }
    } catch (error) {
      if (ran && error === c.error) return { outcome: ANSWERED, ran }
      // Its answer embeds the leader's own nonce or id: this request runs its own handler.
      if (!mayShareError(error, c, preset)) return { outcome: PASS, ran }
      throw errorForFollower(error)
    } finally {
      clearTimeout(timer)
    }
  }

  const coalesce = async function sharedCall(c: Context, next: Next): Promise<void> {
    const { method, body } = c.req.raw
    if (!resolved.methods.includes(method) || body) return next()
    const resource = await resourceKey(c, resolved)
    if (resource === undefined) return pass(c, next)
    if (!enter(c, shared, resource)) return next()
    if (memory.passes(resource)) return pass(c, next)
    const preset = presetHeaders(c)
    let names = memory.varies(resource)
    for (let retried = false; ; retried = true) {
      const request = c.req.raw
      const key = flightKey(resource, names, varyValues(request.headers, names))
      const { outcome, ran } = await attempt(c, next, resource, key, preset)
      if (outcome === ANSWERED) return c.header(HEADER, 'leader')
      if (outcome === PASS) {
        // A leader whose response could not be shared has it already; a follower runs the handler.
        if (!ran) return pass(c, next)
        // It ran without its validators: it still gets the 304 or 412 they call for.
        const own = isConditional(request.headers)
          ? preconditionAnswer(request, c.res.status, new Headers(c.res.headers))
          : undefined
        if (own) {
          c.res.body?.cancel().catch(() => {})
          replace(c, own)
        }
        return c.header(HEADER, 'pass')
      }
      if (!ran) {
        const [varying, values] = outcome.vary
        if (!sameValues(varyValues(request.headers, varying), values)) {
          // It varies on a header this request sends otherwise (RFC 9111 §4.1):
          // the requests like this one share a flight of their own; once.
          if (retried) return pass(c, next)
          names = varying
          continue
        }
        if (!hasValues(c, preset, outcome.embedded)) {
          // It embeds the leader's own nonce or id: every request needs its own.
          memory.pass(resource)
          return pass(c, next)
        }
      }
      return replace(c, answer(outcome, request, preset, ran ? 'leader' : 'follower'))
    }
  }

  if (!serverTiming && !onRole) return coalesce
  return async function sharedCall(c, next) {
    await coalesce(c, next)
    // The role it answered with; none when it let the request by untouched.
    const role = c.res.headers.get(HEADER) as SharedCallRole | null
    if (!role) return
    if (serverTiming) c.header('Server-Timing', `shared-call;desc="${role}"`, { append: true })
    onRole?.(role, c)
  }
}
