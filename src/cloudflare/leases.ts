import type { Coordinator, Lead } from 'shared-call/coordinator'
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
  wait(generation: number, id: string): Promise<FlightResult | undefined>
  leave(id: string): Promise<void>
}

const ignore = () => {}

/**
 * lead and wait on `SharedCallFlights` objects, one per flight name
 * (`idFromName(name)`, which keeps every distinct string apart), over RPC.
 * The object does the fencing (src/cloudflare/flights.ts); this side only
 * carries calls. It asks the namespace for a stub at each call, as a stub
 * belongs to the request that made it.
 *
 * A wait whose signal aborts rejects at once and tells the object to drop
 * it (`leave`, on the same stub, so it arrives after the wait): workerd
 * cannot carry an AbortSignal over RPC without an experimental flag, and
 * an abandoned wait would otherwise stay in the object until its lease ends.
 */
export const durableLeases = (namespace: FlightsNamespace): Coordinator => {
  const flight = (name: string) => namespace.get(namespace.idFromName(name)) as FlightsStub
  return {
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

    wait: (name, generation, signal) =>
      new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason)
        const stub = flight(name)
        const id = crypto.randomUUID()
        const leave = () => {
          reject(signal.reason)
          stub.leave(id).catch(ignore)
        }
        signal.addEventListener('abort', leave, { once: true })
        stub
          .wait(generation, id)
          .then(resolve, reject)
          .finally(() => signal.removeEventListener('abort', leave))
      }),
  }
}
