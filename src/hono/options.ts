import type { Context } from 'hono'
import { defaultSharedCall, type SharedCall } from 'shared-call'

/** Options of the `sharedCall()` middleware. */
export interface SharedCallMiddlewareOptions {
  /** The instance whose flight map and stats the middleware uses. Default: `defaultSharedCall`. */
  shared?: SharedCall
  /**
   * Derives the part of the key that identifies the resource. Default: the
   * full request URL (path and query). The method and the identity are always
   * part of the key as well.
   */
  key?: (c: Context) => string
  /**
   * Opts requests that carry `Authorization` or `Cookie` in to sharing: only
   * requests with the same identity share. Return `undefined` (or `null`) when
   * the request has no identity you trust: with credentials it then passes
   * through, without them it shares with other anonymous requests.
   * Without this option requests with credentials always pass through.
   */
  identity?: (c: Context) => string | null | undefined | Promise<string | null | undefined>
  /** Methods that may be coalesced. Default: `['GET', 'HEAD']`. */
  methods?: readonly string[]
  /**
   * Largest body, in bytes, that is read into memory and shared. A larger one
   * goes to the leader only and the others run the handler. Default: 1 MiB.
   */
  maxBodyBytes?: number
  /**
   * Milliseconds a follower waits for the leader before it runs the handler
   * itself. 0 waits as long as the leader runs. Default: 10 000.
   */
  waitTimeout?: number
  /**
   * Must be `true` to list a method other than GET, HEAD or OPTIONS in
   * `methods`: coalescing a write runs it once for many clients.
   */
  unsafe?: boolean
}

/** Options after validation, with defaults filled in. */
export interface ResolvedOptions {
  shared: SharedCall
  key: ((c: Context) => string) | undefined
  identity: SharedCallMiddlewareOptions['identity']
  methods: string[]
  maxBodyBytes: number
  waitTimeout: number
}

/** Throws the `TypeError` this entry uses for bad input unless `ok`: "`name` must be `must`". */
const check = (ok: boolean, name: string, must: string) => {
  if (!ok) throw new TypeError(`shared-call/hono: ${name} must be ${must}`)
}

/** Fails unless `shared` is a `SharedCall`. */
export const checkShared = (shared: unknown): void =>
  check(
    typeof (shared as SharedCall | undefined)?.run === 'function',
    'shared',
    'a SharedCall (new SharedCall())',
  )

const SAFE = ['GET', 'HEAD', 'OPTIONS']
const notFunction = (value: unknown) => value !== undefined && typeof value !== 'function'

/** Validates the options once, when the middleware is created, not at the first request. */
export const resolveOptions = (options: SharedCallMiddlewareOptions = {}): ResolvedOptions => {
  check(Object(options) === options, 'sharedCall(options)', 'an object like { shared }')
  const { shared = defaultSharedCall, key, identity, maxBodyBytes = 1 << 20 } = options
  const { methods = ['GET', 'HEAD'], waitTimeout = 10_000, unsafe } = options
  checkShared(shared)
  check(!notFunction(key), 'key', 'a function (c) => string')
  check(!notFunction(identity), 'identity', 'a function (c) => string')
  check(maxBodyBytes > 0, 'maxBodyBytes', 'a number of bytes > 0')
  check(waitTimeout >= 0, 'waitTimeout', 'milliseconds ≥ 0 (0: wait for the leader)')
  const upper = Array.isArray(methods) ? methods.map(String).map((m) => m.toUpperCase()) : []
  check(upper.length > 0, 'methods', "an array like ['GET', 'HEAD']")
  check(
    unsafe === true || upper.every((m) => SAFE.includes(m)),
    'methods',
    'GET, HEAD or OPTIONS; pass unsafe: true to coalesce writes',
  )
  return { shared, key, identity, methods: upper, maxBodyBytes, waitTimeout }
}
