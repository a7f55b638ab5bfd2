/**
 * The coordinator contract suite: one set of cases that every coordinator
 * passes (the in-memory reference, Redis with node-redis and ioredis, Durable
 * Objects, tabs), like Hono's adapter contract tests. It covers the store
 * itself (leases, generations, fencing, kept results, waits, names) and what
 * callers see through `defineCoordinator` (one run per fleet, errors shared,
 * unreadable bytes, colliding names, paused leaders and waiters).
 *
 * To plug in a coordinator, call it from a `*.test.ts` file of a vitest
 * project with a function that makes one more "process" on a shared store:
 *
 * ```ts fragment
 * import { coordinatorContract } from '../coordinator/contract'
 *
 * const store = memoryCoordinator()           // one store for the whole suite
 * coordinatorContract('memory', () => store)  // each call: one more process
 * ```
 *
 * Each call of `makeCoordinator` should give a coordinator with its own
 * connection where the store has connections (a Redis client each), closed by
 * the harness after the test. Names are unique per test, so one store can
 * serve every test. Pauses are made exact by holding back the replies of a
 * process (contract-kit.ts), not by sleeping: the suite's only waits on time
 * are leases meant to run out (`shortLeaseMs`), as a dead leader's do.
 *
 * Runtime-neutral: it imports vitest, the sources and test/support only, so
 * it runs in Node and in workerd (`@cloudflare/vitest-pool-workers`) alike.
 */
import { describe } from 'vitest'
import { flightContract } from './contract-flights'
import type { ContractControls, MakeCoordinator } from './contract-kit'
import { storeContract } from './contract-store'

export type { ContractControls, MakeCoordinator } from './contract-kit'

export const coordinatorContract = (
  name: string,
  makeCoordinator: MakeCoordinator,
  controls: ContractControls = {},
): void => {
  describe(`${name}: the coordinator contract`, () => {
    describe('the store', () => storeContract(makeCoordinator, controls))
    describe('callers, through defineCoordinator', () => flightContract(makeCoordinator, controls))
  })
}
