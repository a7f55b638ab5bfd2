import type { Coordinator, Lead, Lease, Result } from '../../src/coordinator/index'

interface Waiter {
  generation: number
  wake(result: Result | undefined): void
}

/**
 * Everything known about one name. Its generation counter is remembered at
 * least as long as any lease or result of the name lasts (each lead, renewal
 * and publish extends it), then the name is forgotten: idle names leave
 * nothing behind, and a restarted counter meets no older lease nor result.
 */
interface Name {
  generation: number
  forget?: { until: number; timer: ReturnType<typeof setTimeout> }
  lease?: { generation: number; timer: ReturnType<typeof setTimeout> }
  result?: Result & { timer: ReturnType<typeof setTimeout> }
  waiters: Set<Waiter>
}

/**
 * The reference coordinator, in memory: one store shared by several
 * `SharedCall` instances that stand for processes. It follows the contract
 * (src/coordinator/types.ts) as literally as it can, so the contract suite
 * (contract.ts) proves the suite as much as the store: leases with
 * generations that expire unless renewed, publish fenced by the lease,
 * results kept for their TTL with their generation, waiters woken by a
 * result of their generation or newer, or by their lease ending.
 */
export const memoryCoordinator = () => {
  const names = new Map<string, Name>()
  const calls = { lead: 0, publish: 0, wait: 0 }

  const of = (name: string): Name => {
    const known = names.get(name)
    if (known) return known
    const state: Name = { generation: 0, waiters: new Set() }
    names.set(name, state)
    return state
  }
  /** Keeps `name` known for at least `ms` more. */
  const remember = (name: string, state: Name, ms: number) => {
    const until = Date.now() + ms
    if (state.forget && state.forget.until >= until) return
    clearTimeout(state.forget?.timer)
    const timer = setTimeout(() => {
      if (names.get(name) === state && !state.lease && !state.result) names.delete(name)
    }, ms)
    state.forget = { until, timer }
  }
  const stored = (state: Name, generation: number): Result | undefined =>
    state.result && state.result.generation >= generation
      ? { generation: state.result.generation, bytes: state.result.bytes }
      : undefined
  /** The lease ended (released, expired, published): its waiters get what is stored, or nothing. */
  const end = (state: Name) => {
    clearTimeout(state.lease?.timer)
    state.lease = undefined
    for (const waiter of [...state.waiters]) waiter.wake(stored(state, waiter.generation))
  }

  const leaseOf = (name: string, state: Name, generation: number, leaseMs: number): Lease => {
    const holds = () => state.lease?.generation === generation && names.get(name) === state
    const hold = (ms: number) => {
      if (state.lease) clearTimeout(state.lease.timer)
      remember(name, state, ms)
      state.lease = { generation, timer: setTimeout(() => holds() && end(state), ms) }
    }
    hold(leaseMs)
    return {
      generation,
      async renew() {
        if (!holds()) return false
        hold(leaseMs)
        return true
      },
      async publish(bytes, ttlMs) {
        calls.publish++
        if (!holds()) return false
        clearTimeout(state.result?.timer)
        const timer = setTimeout(() => {
          if (state.result?.timer === timer) state.result = undefined
        }, ttlMs)
        remember(name, state, ttlMs)
        state.result = { generation, bytes: bytes.slice(), timer }
        end(state)
        return true
      },
      async release() {
        if (holds()) end(state)
      },
    }
  }

  const coordinator: Coordinator & { calls: typeof calls; names: () => string[] } = {
    calls,
    /** Names the store holds anything for now. */
    names: () => [...names.keys()],
    async lead(name, leaseMs, waited): Promise<Lead> {
      calls.lead++
      const state = of(name)
      const result = waited === undefined ? undefined : stored(state, waited)
      if (result) return { result }
      if (state.lease) return { following: state.lease.generation }
      state.generation++
      return { lease: leaseOf(name, state, state.generation, leaseMs) }
    },
    wait(name, generation, signal) {
      calls.wait++
      if (signal.aborted) return Promise.reject(signal.reason)
      const state = names.get(name)
      const result = state && stored(state, generation)
      if (!state || result || state.lease?.generation !== generation) return Promise.resolve(result)
      return new Promise((resolve, reject) => {
        const leave = () => {
          state.waiters.delete(waiter)
          reject(signal.reason)
        }
        const waiter: Waiter = {
          generation,
          wake(result) {
            state.waiters.delete(waiter)
            signal.removeEventListener('abort', leave)
            resolve(result)
          },
        }
        signal.addEventListener('abort', leave, { once: true })
        state.waiters.add(waiter)
      })
    },
  }
  return coordinator
}

export type MemoryCoordinator = ReturnType<typeof memoryCoordinator>
