// What the coordinator contract suite is made of: how a coordinator is
// plugged in, names, bytes, and a wrapper whose replies the test holds back,
// which is how a pause (GC, SIGSTOP, an overloaded host) is made exact.
// Runtime-neutral: no node: imports, so the suite runs wherever vitest does.
import type { Coordinator, Lead, Lease, Result } from '../../src/coordinator/index'
import { type Deferred, deferred } from '../support/deferred'

/** Makes one more "process": a coordinator with its own connection to the shared store. */
export type MakeCoordinator = () => Coordinator | Promise<Coordinator>

/** What the suite needs to know about a coordinator beyond the contract. */
export interface ContractControls {
  /**
   * Ms of a lease the suite means to lose: its holder (paused or dead)
   * never renews it, and the suite waits for the store to let it go. Keep it
   * short; default 200. Every lease meant to survive is taken for a minute.
   */
  shortLeaseMs?: number
  /**
   * False for a store whose leases never run out while their holder lives
   * (Web Locks: the browser frees a tab's locks when the tab closes): the
   * cases of a paused or dead leader are skipped. Default true.
   */
  leasesExpire?: boolean
}

/** A lease meant to outlive the test. */
export const LONG_MS = 60_000

let suites = 0

/** Unique names for one run of the suite: runs may share a store (one redis-server). */
export const namer = () => {
  const run = `${++suites}-${Math.random().toString(36).slice(2, 8)}`
  let count = 0
  return (label: string) => `contract-${run}-${++count}-${label}`
}

export const bytesOf = (text: string) => new TextEncoder().encode(text)
export const textOf = (result: Result | undefined) =>
  result && new TextDecoder().decode(result.bytes)

/** A signal that never aborts. */
export const staying = () => new AbortController().signal

/** The lease of a lead, or a failure that says what came instead. */
export const leaseOf = (led: Lead): Lease => {
  if (!('lease' in led)) throw new Error(`expected a lease, got ${JSON.stringify(led)}`)
  return led.lease
}

/** A reply held back until the test lets it through; `arrived` once the store answered. */
export interface Held {
  arrived: Promise<void>
  release(): void
}

/**
 * A coordinator whose waits and renewals the test can hold back, and which
 * tells the test when a wait starts. Holding a reply is a pause of that
 * process at that exact point: the store answered, the process has not
 * heard yet.
 */
export const controlled = (inner: Coordinator) => {
  const waits: number[] = []
  const watchers = new Set<() => void>()
  let waitGate: Deferred<void> | undefined
  let waitArrived: Deferred<void> | undefined
  let renewGate: Deferred<void> | undefined
  const publishes: number[] = []
  const leads: number[] = []

  const lease = (held: Lease): Lease => ({
    generation: held.generation,
    renew: async () => {
      await renewGate?.promise
      return held.renew()
    },
    publish: (bytes, ttlMs) => {
      publishes.push(held.generation)
      return held.publish(bytes, ttlMs)
    },
    release: () => held.release(),
  })

  const coordinator: Coordinator = {
    async lead(name, leaseMs, waited) {
      const led = await inner.lead(name, leaseMs, waited)
      if (!('lease' in led)) return led
      leads.push(led.lease.generation)
      for (const watcher of [...watchers]) watcher()
      return { lease: lease(led.lease) }
    },
    async wait(name, generation, signal) {
      waits.push(generation)
      for (const watcher of [...watchers]) watcher()
      const gate = waitGate
      const arrived = waitArrived
      const reply = inner.wait(name, generation, signal)
      if (!gate) return reply
      await reply.then(
        () => arrived?.resolve(),
        () => arrived?.resolve(),
      )
      await gate.promise
      return reply
    },
  }

  return {
    coordinator,
    /** How many waits this process has started. */
    waits: () => waits.length,
    /** Generations of the leases this process took. */
    leads,
    /** Generations of the lease publishes this process made. */
    publishes,
    /** Resolves once this process has started a wait for `generation` (any, if absent). */
    waiting: (generation?: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!waits.some((g) => generation === undefined || g === generation)) return
          watchers.delete(check)
          resolve()
        }
        watchers.add(check)
        check()
      }),
    /** Resolves with the generation of this process's `count`th lease, once it took it. */
    leading: (count: number) =>
      new Promise<number>((resolve) => {
        const check = () => {
          if (leads.length < count) return
          watchers.delete(check)
          resolve(leads[count - 1]!)
        }
        watchers.add(check)
        check()
      }),
    /** Holds back the replies of the waits that start from now on. */
    holdWaits(): Held {
      const gate = deferred()
      const arrived = deferred()
      waitGate = gate
      waitArrived = arrived
      return {
        arrived: arrived.promise,
        release: () => {
          waitGate = undefined
          gate.resolve()
        },
      }
    },
    /** Holds back every renewal: its lease runs out as if the process were paused. */
    holdRenewals(): Held {
      const gate = deferred()
      renewGate = gate
      return {
        arrived: Promise.resolve(),
        release: () => {
          renewGate = undefined
          gate.resolve()
        },
      }
    },
  }
}

export type Controlled = ReturnType<typeof controlled>
