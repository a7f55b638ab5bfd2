import type { Coordination } from 'shared-call'
import { type CoordinatorOptions, defineCoordinator, type Lead } from 'shared-call/coordinator'
import { fail } from '../core/check'
import type { FlightLead, FlightResult } from './flights'

/**
 * The binding of `SharedCallFlights` (`env.FLIGHTS`): any
 * `DurableObjectNamespace` fits, with or without `@cloudflare/workers-types`.
 */
export interface FlightsNamespace {
  idFromName(name: string): unknown
  get(id: unknown): unknown
}

/** What `SharedCallFlights` answers over RPC. */
interface FlightsStub {
  lead(leaseMs: number, waited?: number): Promise<FlightLead>
  renew(token: string, leaseMs: number): Promise<boolean>
  release(token: string): Promise<void>
  publish(token: string, bytes: Uint8Array, ttlMs: number): Promise<boolean>
  wait(generation: number): Promise<FlightResult | undefined>
}

/** Rejects with the signal's reason when it aborts first. The object's own wait ends with the lease. */
const abortable = <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise((resolve, reject) => {
    const leave = () => reject(signal.reason)
    if (signal.aborted) return leave()
    signal.addEventListener('abort', leave, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave))
  })

/**
 * A coordinator for `SharedCall` on Cloudflare Workers: one flight per key
 * across every isolate, owned by a `SharedCallFlights` Durable Object
 * (`idFromName(key)`). The leader holds a lease it renews while the work
 * runs; the others' requests wait on the object and get the result as bytes,
 * or lead when the lease ends without one (a leader that died).
 *
 * It asks the namespace for a stub at each call (a stub belongs to the
 * request that made it), so one coordinator and one `SharedCall` can serve
 * every request of an isolate: requests of one isolate then share locally
 * first, and the isolate asks the object once per key.
 *
 * @param namespace - `env.FLIGHTS`, the Durable Object namespace bound to `SharedCallFlights`.
 * @param options - codec (JSON by default), `leaseMs`, `resultTtlMs`.
 * @throws TypeError when `namespace` is not a Durable Object namespace.
 *
 * @example
 * ```ts
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
  const flight = (name: string) => namespace.get(namespace.idFromName(name)) as FlightsStub
  return defineCoordinator(
    {
      async lead(name, leaseMs, waited): Promise<Lead> {
        const stub = flight(name)
        const led = await stub.lead(leaseMs, waited)
        if (!('token' in led)) return led
        const { token, generation } = led
        return {
          lease: {
            generation,
            // async: plain promises, whatever the RPC stub returns.
            renew: async () => stub.renew(token, leaseMs),
            publish: async (bytes, ttlMs) => stub.publish(token, bytes, ttlMs),
            release: async () => stub.release(token),
          },
        }
      },
      wait: (name, generation, signal) => abortable(flight(name).wait(generation), signal),
    },
    options,
  )
}
