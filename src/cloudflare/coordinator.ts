import type { Coordination } from 'shared-call'
import { type CoordinatorOptions, defineCoordinator } from 'shared-call/coordinator'
import { fail } from '../core/check'
import { durableLeases, type FlightsNamespace } from './leases'

export type { FlightsNamespace } from './leases'

/**
 * A coordinator for `SharedCall` on Cloudflare Workers: one flight per key
 * across every isolate, owned by a `SharedCallFlights` Durable Object
 * (`idFromName(name)`). The leader holds a lease it renews while the work
 * runs; the others' requests wait on the object and get the result as bytes,
 * or lead when the lease ends without one (a leader that died). Leases are
 * fenced by a token and carry a generation: a leader paused past its lease
 * publishes nothing, and a new flight never reads an earlier flight's result.
 *
 * It asks the namespace for a stub at each call (a stub belongs to the
 * request that made it), so one coordinator and one `SharedCall` can serve
 * every request of an isolate: requests of one isolate then share locally
 * first, and the isolate asks the object once per key.
 *
 * @param namespace - `env.FLIGHTS`, the Durable Object namespace bound to `SharedCallFlights`.
 * @param options - codec (JSON by default), `leaseMs`, `resultTtlMs`, `shareErrors`.
 * @throws TypeError when `namespace` is not a Durable Object namespace, or for bad options.
 *
 * @example
 * ```ts fragment
 * export { SharedCallFlights } from 'shared-call/cloudflare'
 *
 * let middleware: MiddlewareHandler | undefined
 * app.use('/api/*', (c, next) => {
 *   middleware ??= sharedCall({
 *     shared: new SharedCall({ coordinator: durableCoordinator(c.env.FLIGHTS) }),
 *   })
 *   return middleware(c, next)
 * })
 * ```
 */
export const durableCoordinator = (
  namespace: FlightsNamespace,
  options?: CoordinatorOptions,
): Coordination => {
  if (typeof namespace?.idFromName !== 'function' || typeof namespace.get !== 'function') {
    fail(
      'durableCoordinator(namespace): namespace',
      'env.FLIGHTS, the Durable Object namespace binding of SharedCallFlights',
      namespace,
    )
  }
  return defineCoordinator(durableLeases(namespace), options)
}
