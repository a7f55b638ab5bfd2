import type { Handler } from 'hono'
import { defaultSharedCall, type SharedCall } from 'shared-call'
import { checkShared } from './options'

/**
 * Hono handler that answers JSON `{ hits, misses, passes, errors, active, remoteHits, hitRate }`:
 * the numbers `shared.getStats()` gives. Each request through `sharedCall()`
 * counts once, as its `x-shared-call` header says (leader, follower, pass).
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
  checkShared(shared)
  return function sharedCallStats(c) {
    return c.json(shared.getStats())
  }
}
