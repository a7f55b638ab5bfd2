import type { Handler } from 'hono'
import { defaultSharedCall, type SharedCall } from 'shared-call'
import { fail } from './options'

/**
 * Hono handler that answers JSON `{ hits, misses, errors, active, hitRate }`:
 * the numbers `shared.getStats()` gives.
 *
 * @param shared - default `defaultSharedCall`, the instance `sharedCall()` uses without `shared`.
 * @throws TypeError at creation when `shared` is not a `SharedCall`.
 *
 * @example
 * ```ts
 * app.get('/_shared-call/stats', sharedCallStats(shared))
 * ```
 */
export const sharedCallStats = (shared: SharedCall = defaultSharedCall): Handler => {
  if (typeof shared?.getStats !== 'function') {
    fail('sharedCallStats(shared): shared must be a SharedCall instance (new SharedCall())')
  }
  return function sharedCallStats(c) {
    return c.json(shared.getStats())
  }
}
