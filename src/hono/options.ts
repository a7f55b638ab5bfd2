import type { Context, Env } from 'hono'
import { defaultSharedCall, type SharedCall } from 'shared-call'
import { check, checkFunction, checkMs, checkObject, MAX_MS } from '../core/check'

/**
 * Options of the `sharedCall()` middleware. `E` is the app's Hono `Env`, so
 * that `key` and `identity` see its typed variables (`c.get('jwtPayload')`).
 */
// biome-ignore lint/suspicious/noExplicitAny: Hono's own default Env, so any app's context fits.
export interface SharedCallMiddlewareOptions<E extends Env = any> {
  /**
   * The instance whose flight map and stats the middleware uses. Default:
   * `defaultSharedCall`, with flights of this middleware's own: two apps in
   * one process never answer each other's requests. Pass the same instance
   * to several middlewares to let them share flights of the same key on purpose.
   */
  shared?: SharedCall
  /**
   * Derives the part of the key that identifies the resource. Default: the
   * full request URL (`c.req.url`: host, path and query, as sent). The
   * method, the identity and the `Origin` header are always part of the key
   * as well. Must return a non-empty string, synchronously; anything else is
   * a `TypeError` for that request, never a shared flight.
   */
  key?: (c: Context<E>) => string
  /**
   * Opts requests that carry credentials in to sharing: only requests with
   * the same identity share. It must come from a credential that a
   * middleware registered before `sharedCall()` has verified (for example
   * `c.get('jwtPayload').sub` after `jwt()`), never from a header the client
   * could forge. Return a non-empty string, or `undefined`/`null` when the
   * request has no identity you trust: with credentials it then passes
   * through, without them it shares with other anonymous requests.
   * Without this option requests with credentials always pass through.
   */
  identity?: (c: Context<E>) => string | null | undefined | Promise<string | null | undefined>
  /**
   * More request headers that carry credentials, besides those recognised
   * by default (`Authorization`, `Proxy-Authorization`, `Cookie`, `DPoP`,
   * `Signature`, and names such as `X-API-Key`, `Api-Key`, `X-*-Token`,
   * `X-*-Secret`, `X-*-Session`, `X-*-Auth`, `X-*-JWT…`, `X-Forwarded-User`,
   * `X-*-Client-Cert`). A request that carries one passes through unless
   * `identity` is given.
   */
  credentialHeaders?: readonly string[]
  /** Methods that may be coalesced. Default: `['GET', 'HEAD']`. */
  methods?: readonly string[]
  /**
   * Largest body, in bytes, that is read into memory and shared. A larger one
   * goes to the leader only and the others run the handler. Default: 1 MiB.
   */
  maxBodyBytes?: number
  /**
   * Milliseconds a follower waits for the leader before it runs the handler
   * itself; a flight older than this is not joined again (a new request
   * leads a fresh one). 0 or `Infinity`: wait as long as the leader runs.
   * Default: 10 000.
   */
  waitTimeout?: number
  /**
   * Must be `true` to list a method other than GET, HEAD or OPTIONS in
   * `methods`: coalescing a write runs it once for many clients.
   */
  unsafe?: boolean
  /**
   * Adds the request's role to its `Server-Timing` header
   * (`shared-call;desc="follower"`), so the browser's Network panel shows
   * it. Default `false`: it tells clients which requests shared a run.
   */
  serverTiming?: boolean
  /**
   * Told each request's role, as `x-shared-call` says it, once the
   * middleware has answered it: to put it on the request's span
   * (`roleOnActiveSpan` from `shared-call/otel` does), in a log, in a metric.
   * Not called for requests the middleware lets by untouched (a method it
   * does not coalesce).
   */
  onRole?: (role: SharedCallRole, c: Context<E>) => void
}

/** What `x-shared-call` says: the request ran the handler for others, waited for one, or neither. */
export type SharedCallRole = 'leader' | 'follower' | 'pass'

/** Options after validation, with defaults filled in. */
export interface ResolvedOptions {
  shared: SharedCall
  key: ((c: Context) => string) | undefined
  identity: SharedCallMiddlewareOptions['identity']
  credentialHeaders: ReadonlySet<string>
  methods: readonly string[]
  maxBodyBytes: number
  /** 0: wait as long as the leader runs. */
  waitTimeout: number
  serverTiming: boolean
  onRole: ((role: SharedCallRole, c: Context) => void) | undefined
  /** Part of every key: this middleware's number when it uses the default instance, else ''. */
  scope: string
}

const KNOWN = [
  'shared',
  'key',
  'identity',
  'credentialHeaders',
  'methods',
  'maxBodyBytes',
  'waitTimeout',
  'unsafe',
  'serverTiming',
  'onRole',
]
const SAFE = ['GET', 'HEAD', 'OPTIONS']
/** RFC 9110 §5.6.2: what a method or header name may be made of. */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i

const isTokenList = (value: unknown): value is readonly string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && TOKEN.test(item))

/** Fails unless `shared` is a `SharedCall`. */
export const checkShared = (shared: unknown): void => {
  check(
    typeof (shared as SharedCall | undefined)?.join === 'function',
    'shared',
    'a SharedCall (new SharedCall())',
    shared,
  )
}

/** How many sharedCall() have been made on the default instance: each one's number keys its flights. */
let defaults = 0

/** Validates the options once, when the middleware is created, not at the first request. */
export const resolveOptions = (options: SharedCallMiddlewareOptions = {}): ResolvedOptions => {
  checkObject(options, 'sharedCall(options)')
  // A misspelt option would silently fall back to its default: `identiy`, `waitTimout`.
  for (const name of Object.keys(options)) {
    check(KNOWN.includes(name), `sharedCall option "${name}"`, `one of ${KNOWN.join(', ')}`, name)
  }
  const { shared = defaultSharedCall, key, identity, credentialHeaders = [] } = options
  const { maxBodyBytes = 1 << 20, methods = ['GET', 'HEAD'], unsafe, waitTimeout } = options
  const { serverTiming = false, onRole } = options
  checkShared(shared)
  checkFunction(key, 'key', '(c) => string')
  checkFunction(identity, 'identity', '(c) => string | undefined')
  check(
    isTokenList(credentialHeaders),
    'credentialHeaders',
    "an array of header names like ['x-tenant-secret']",
    credentialHeaders,
  )
  check(
    Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0,
    'maxBodyBytes',
    'a whole number of bytes > 0',
    maxBodyBytes,
  )
  checkMs(waitTimeout, 'waitTimeout')
  check(typeof serverTiming === 'boolean', 'serverTiming', 'a boolean', serverTiming)
  checkFunction(onRole, 'onRole', '(role, c) => void')
  check(
    isTokenList(methods) && methods.length > 0,
    'methods',
    "a non-empty array of method names like ['GET', 'HEAD']",
    methods,
  )
  const upper = methods.map((method) => method.toUpperCase())
  check(
    unsafe === true || upper.every((method) => SAFE.includes(method)),
    'methods',
    'GET, HEAD or OPTIONS (pass unsafe: true to coalesce writes)',
    methods,
  )
  const wait = waitTimeout ?? 10_000
  return {
    shared,
    key,
    identity,
    credentialHeaders: new Set(
      credentialHeaders.map((name) => name.toLowerCase().replace(/_/g, '-')),
    ),
    methods: upper,
    maxBodyBytes,
    waitTimeout: wait > MAX_MS ? 0 : wait,
    serverTiming,
    onRole: onRole as ResolvedOptions['onRole'],
    scope: options.shared ? '' : String(++defaults),
  }
}
