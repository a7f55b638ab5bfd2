import type { Coordination } from 'shared-call'
import { type CoordinatorOptions, defineCoordinator, type Lease } from 'shared-call/coordinator'

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
  lead(leaseMs: number): Promise<string | undefined>
  renew(token: string, leaseMs: number): Promise<boolean>
  release(token: string): Promise<void>
  publish(result: Uint8Array, ttlMs: number): Promise<void>
  wait(): Promise<Uint8Array | undefined>
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
    throw new TypeError(
      'shared-call/cloudflare: durableCoordinator(namespace): pass env.FLIGHTS, the Durable Object namespace binding of SharedCallFlights',
    )
  }
  const flight = (key: string) => namespace.get(namespace.idFromName(key)) as FlightsStub
  return defineCoordinator(
    {
      async lead(key, leaseMs): Promise<Lease | undefined> {
        const stub = flight(key)
        const token = await stub.lead(leaseMs)
        return token === undefined
          ? undefined
          : {
              // async: plain promises, whatever the RPC stub returns.
              renew: async () => stub.renew(token, leaseMs),
              release: async () => stub.release(token),
            }
      },
      publish: async (key, result, ttlMs) => flight(key).publish(result, ttlMs),
      wait: (key, signal) => abortable(flight(key).wait(), signal),
    },
    options,
  )
}
