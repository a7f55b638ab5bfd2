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
   * the request has no identity you trust; it then passes through.
   * Without this option such requests always pass through.
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

/** Throws the `TypeError` this entry uses for bad input. */
export const fail = (message: string): never => {
  throw new TypeError(`shared-call/hono: ${message}`)
}

const SAFE = ['GET', 'HEAD', 'OPTIONS']

const isFunction = (value: unknown, name: string, shape: string): void => {
  if (value !== undefined && typeof value !== 'function') {
    fail(`sharedCall({ ${name} }): ${name} must be a function ${shape}, got ${typeof value}`)
  }
}

/** Validates the options once, when the middleware is created, not at the first request. */
export const resolveOptions = (options: SharedCallMiddlewareOptions = {}): ResolvedOptions => {
  if (typeof options !== 'object' || options === null) {
    fail('sharedCall(options): options must be an object like { shared, identity }')
  }
  const { shared = defaultSharedCall, key, identity, maxBodyBytes = 1 << 20 } = options
  const { methods = ['GET', 'HEAD'], waitTimeout = 10_000, unsafe } = options
  if (typeof shared?.run !== 'function') {
    fail('sharedCall({ shared }): shared must be a SharedCall instance (new SharedCall())')
  }
  isFunction(key, 'key', '(c) => string')
  isFunction(identity, 'identity', '(c) => string | undefined')
  if (!(maxBodyBytes > 0)) {
    fail(`sharedCall({ maxBodyBytes }): maxBodyBytes must be a number > 0, got ${maxBodyBytes}`)
  }
  if (!(waitTimeout >= 0)) {
    fail(
      `sharedCall({ waitTimeout }): waitTimeout must be a number of milliseconds ≥ 0 (0 waits for the leader), got ${waitTimeout}`,
    )
  }
  if (!Array.isArray(methods) || !methods.every((m) => typeof m === 'string')) {
    fail("sharedCall({ methods }): methods must be an array of method names like ['GET', 'HEAD']")
  }
  const upper = methods.map((m) => m.toUpperCase())
  const unsafeMethod = upper.find((m) => !SAFE.includes(m))
  if (unsafeMethod && unsafe !== true) {
    fail(
      `sharedCall({ methods }): ${unsafeMethod} is not a safe method; coalescing it runs one write for many clients. Pass unsafe: true if that is what you want`,
    )
  }
  return { shared, key, identity, methods: upper, maxBodyBytes, waitTimeout }
}
