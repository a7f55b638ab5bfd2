import type { Coordinator, Lead, Lease, Result } from '../../src/coordinator/index'

interface Waiter {
  generation: number
  wake(result: Result | undefined): void
}

/** Everything known about one name; forgotten once it holds nothing, so idle names leave nothing behind. */
interface Name {
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
  /** One counter for every name: generations only grow, even for a name forgotten and met again. */
  let generations = 0

  const of = (name: string): Name => {
    const known = names.get(name)
    if (known) return known
    const state: Name = { waiters: new Set() }
    names.set(name, state)
    return state
  }
  const tidy = (name: string, state: Name) => {
    if (!state.lease && !state.result && state.waiters.size === 0) names.delete(name)
  }
  const stored = (state: Name, generation: number): Result | undefined =>
    state.result && state.result.generation >= generation
      ? { generation: state.result.generation, bytes: state.result.bytes }
      : undefined
  /** The lease ended (released, expired, published): its waiters get what is stored, or nothing. */
  const end = (name: string, state: Name) => {
    clearTimeout(state.lease?.timer)
    state.lease = undefined
    for (const waiter of [...state.waiters]) waiter.wake(stored(state, waiter.generation))
    tidy(name, state)
  }

  const leaseOf = (name: string, state: Name, generation: number, leaseMs: number): Lease => {
    const holds = () => state.lease?.generation === generation && names.get(name) === state
    const hold = (ms: number) => {
      if (state.lease) clearTimeout(state.lease.timer)
      state.lease = { generation, timer: setTimeout(() => holds() && end(name, state), ms) }
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
          if (state.result?.timer !== timer) return
          state.result = undefined
          tidy(name, state)
        }, ttlMs)
        state.result = { generation, bytes: bytes.slice(), timer }
        end(name, state)
        return true
      },
      async release() {
        if (holds()) end(name, state)
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
      return { lease: leaseOf(name, state, ++generations, leaseMs) }
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
          tidy(name, state)
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
