import type { Context, Env, MiddlewareHandler, Next } from 'hono'
import { type Joined, type SharedCall, TimeoutError } from 'shared-call'
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
/** This request's client has gone while it waited: nobody reads its answer. */
const GONE = 3

type Outcome = SharedResponse | typeof PASS

/** How one request's attempt at a flight ended, and the call the core counted for it. */
interface Attempt {
  outcome: Outcome | typeof ANSWERED | typeof GAVE_UP | typeof GONE | TimeoutError | LeaderGone
  /** This request ran the handler for the flight. */
  ran: boolean
  joined: Joined<Outcome>
}

const ignore = () => {}

/**
 * What the followers get when the request that was to run the handler had
 * already been answered (its client left while it waited for another
 * isolate's leader, which then vanished). An `AbortError`, which a
 * coordinator shares with no other process: one of them leads instead.
 */
class LeaderGone extends Error {
  override name = 'AbortError'
}

/**
 * What a request whose client has gone is answered: nginx's 499 "client
 * closed request". Nobody reads it; it only ends the request.
 */
const CLIENT_GONE = 499

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

/**
 * Runs the handler for this request alone (`pass`) within a deadline of its
 * own, the `timeout` its flight had: then `own` (the request's own signal
 * from here on: it also aborts when its client goes) aborts with `error`,
 * and the request answers `error`, as its leader did.
 */
const passWithin = async (
  c: Context,
  next: Next,
  own: AbortController,
  error: TimeoutError,
): Promise<void> => {
  const request = c.req.raw
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      own.abort(error)
      reject(error)
    }, error.timeout)
  })
  c.req.raw = new Request(request, { signal: own.signal })
  try {
    await Promise.race([next(), expired])
  } finally {
    clearTimeout(timer)
    c.req.raw = request
    // Also on the answer its onError gives to the error.
    c.header(HEADER, 'pass')
  }
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

  /**
   * The leader's work: runs the handler on the request without its
   * validators and with the flight's signal, which aborts only when every
   * waiting client has gone, and reads what it answered.
   */
  const run = async (
    c: Context,
    next: Next,
    resource: string,
    preset: [string, string][],
    signal: AbortSignal,
  ): Promise<Outcome> => {
    const original = c.req.raw
    const values = perRequestValues(c, preset)
    const seen = new Request(isConditional(original.headers) ? unconditional(original) : original, {
      signal,
    })
    c.req.raw = seen
    try {
      await next()
    } finally {
      c.req.raw = original
    }
    const [own, removed] = ownHeaders(preset, c.res.headers)
    const cookies = preset.filter(([name]) => name === 'set-cookie').map(([, value]) => value)
    // Hono's onError has answered the leader; the followers get the error to answer theirs.
    if (c.error) {
      await keepErrorAnswer(c, c.error, own, maxBodyBytes, values, cookies)
      throw c.error
    }
    const res = c.res
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

  /**
   * Leads or joins the flight of `key` as a caller whose `signal` aborts
   * when it stops waiting (its client has gone, or it gave up), so the
   * flight's work is aborted only when every waiting request has.
   */
  const attempt = async (
    c: Context,
    next: Next,
    resource: string,
    key: string,
    preset: [string, string][],
    waiting: AbortController,
  ): Promise<Attempt> => {
    if (memory.stuck(key, waitTimeout)) shared.forget(key)
    let running: Promise<Outcome> | undefined
    const lead = (signal: AbortSignal): Outcome | Promise<Outcome> => {
      // Picked (by a coordinator) after this request's client left: it is
      // answered, its context can't run the handler, the followers run their own.
      if (waiting.signal.aborted) throw new LeaderGone()
      running = run(c, next, resource, preset, signal)
      return running
    }
    const joined = shared.join(key, lead, { signal: waiting.signal })
    const { result, leader } = joined
    let timer: ReturnType<typeof setTimeout> | undefined
    let waited: Promise<Outcome | typeof GAVE_UP> = result
    // This request started the flight: it leads, or waits for another isolate's
    // leader through a coordinator (which then may pick it, later, to lead).
    if (leader) {
      const ended = memory.start(key)
      ;(running ?? result).then(ended, ended)
      // Its client leaving ends its wait, not the handler it runs for the others.
      waited = result.catch((error: unknown) => {
        if (running && waiting.signal.aborted) return running
        throw error
      })
      // Followers wait on this request's work: keep it alive if its client goes away.
      executionContextOf(c)?.waitUntil(waited.catch(ignore))
    } else if (waitTimeout) {
      const gaveUp = new Promise<typeof GAVE_UP>((resolve) => {
        timer = setTimeout(resolve, waitTimeout, GAVE_UP)
      })
      waited = Promise.race([result, gaveUp])
    }
    try {
      const outcome = await waited
      // It stops waiting: if it was the last, the flight's work is aborted.
      if (outcome === GAVE_UP) waiting.abort()
      return { outcome, ran: !!running, joined }
    } catch (error) {
      const ran = !!running
      if (ran && error === c.error) return { outcome: ANSWERED, ran, joined }
      if (waiting.signal.aborted) return { outcome: GONE, ran, joined }
      // Not the leader's own error: the flight ran out of the SharedCall's
      // timeout, or the request that was to run the handler had ended.
      if (!ran && (error instanceof TimeoutError || error instanceof LeaderGone))
        return { outcome: error, ran, joined }
      // Its answer embeds the leader's own nonce or id: this request runs its own handler.
      if (!mayShareError(error, c, preset)) return { outcome: PASS, ran, joined }
      // The leader's own error: every follower answers it through its own onError.
      c.header(HEADER, ran ? 'leader' : 'follower')
      throw errorForFollower(error)
    } finally {
      clearTimeout(timer)
    }
  }

  /** Leads or joins the flight of `resource` (of its variant, if it varies), and answers the request. */
  const coalesce = async (
    c: Context,
    next: Next,
    resource: string,
    preset: [string, string][],
    waiting: AbortController,
  ): Promise<void> => {
    const request = c.req.raw
    let names = memory.varies(resource)
    for (let retried = false; ; retried = true) {
      const key = flightKey(resource, names, varyValues(request.headers, names))
      const { outcome, ran, joined } = await attempt(c, next, resource, key, preset, waiting)
      // Its role as counted when it left: what onRole and Server-Timing read too.
      if (outcome === GONE)
        return replace(
          c,
          new Response(null, {
            status: CLIENT_GONE,
            headers: { [HEADER]: joined.leader ? 'leader' : 'follower' },
          }),
        )
      if (outcome === ANSWERED) return c.header(HEADER, 'leader')
      if (outcome instanceof Error) {
        // Its wait ended without the leader's answer: it runs the handler itself.
        joined.pass()
        return outcome instanceof TimeoutError
          ? passWithin(c, next, waiting, outcome)
          : pass(c, next)
      }
      if (outcome === PASS || outcome === GAVE_UP) {
        joined.pass()
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
          if (retried) {
            joined.pass()
            return pass(c, next)
          }
          // Counted once, in the flight it goes on to.
          joined.uncount()
          names = varying
          continue
        }
        if (!hasValues(c, preset, outcome.embedded)) {
          // It embeds the leader's own nonce or id: every request needs its own.
          joined.pass()
          memory.pass(resource)
          return pass(c, next)
        }
      }
      return replace(c, answer(outcome, request, preset, ran ? 'leader' : 'follower'))
    }
  }

  const handle = async function sharedCall(c: Context, next: Next): Promise<void> {
    const { method, body } = c.req.raw
    if (!resolved.methods.includes(method) || body) return next()
    const resource = await resourceKey(c, resolved)
    if (resource === undefined) {
      shared.pass()
      return pass(c, next)
    }
    if (!enter(c, shared, resource)) return next()
    if (memory.passes(resource)) {
      shared.pass()
      return pass(c, next)
    }
    const { signal } = c.req.raw
    // This request's place in a flight: it ends when its client goes, or when it gives up.
    const waiting = new AbortController()
    const gone = () => waiting.abort(signal.reason)
    signal.addEventListener('abort', gone)
    try {
      return await coalesce(c, next, resource, presetHeaders(c), waiting)
    } finally {
      signal.removeEventListener('abort', gone)
    }
  }

  if (!serverTiming && !onRole) return handle
  return async function sharedCall(c, next) {
    await handle(c, next)
    // The role it answered with; none when it let the request by untouched.
    const role = c.res.headers.get(HEADER) as SharedCallRole | null
    if (!role) return
    if (serverTiming) c.header('Server-Timing', `shared-call;desc="${role}"`, { append: true })
    onRole?.(role, c)
  }
}
