import type { Coordinator, Lease } from '../../src/coordinator/index'

/**
 * A coordinator in memory, shared by several SharedCall instances that stand
 * for processes. It follows the contract the real ones follow: one lease per
 * key that expires unless renewed, results kept for a TTL, waiters woken by
 * publish (with the result) or by the lease ending (without).
 */
export const memoryCoordinator = () => {
  const leases = new Map<string, object>()
  const results = new Map<string, Uint8Array>()
  const waiters = new Map<string, Set<(result: Uint8Array | undefined) => void>>()
  const calls = { lead: 0, publish: 0, wait: 0 }

  const wake = (key: string, result: Uint8Array | undefined) => {
    const woken = waiters.get(key)
    waiters.delete(key)
    for (const waiter of woken ?? []) waiter(result)
  }

  const coordinator: Coordinator & { calls: typeof calls; keys: () => string[] } = {
    calls,
    keys: () => [...new Set([...leases.keys(), ...results.keys()])],
    async lead(key, leaseMs): Promise<Lease | undefined> {
      calls.lead++
      if (leases.has(key)) return undefined
      // A new flight: its waiters must get its result, not the last one's.
      results.delete(key)
      const lease = {}
      const expire = () => {
        if (leases.get(key) !== lease) return
        leases.delete(key)
        wake(key, results.get(key))
      }
      let timer = setTimeout(expire, leaseMs)
      leases.set(key, lease)
      return {
        async renew() {
          if (leases.get(key) !== lease) return false
          clearTimeout(timer)
          timer = setTimeout(expire, leaseMs)
          return true
        },
        async release() {
          clearTimeout(timer)
          expire()
        },
      }
    },
    async publish(key, result, ttlMs) {
      calls.publish++
      results.set(key, result)
      setTimeout(() => results.delete(key), ttlMs)
      wake(key, result)
    },
    wait(key, signal) {
      calls.wait++
      const kept = results.get(key)
      if (kept || !leases.has(key)) return Promise.resolve(kept)
      return new Promise((resolve, reject) => {
        const waiter = (result: Uint8Array | undefined) => {
          signal.removeEventListener('abort', leave)
          resolve(result)
        }
        const leave = () => {
          waiters.get(key)?.delete(waiter)
          reject(signal.reason)
        }
        signal.addEventListener('abort', leave, { once: true })
        const set = waiters.get(key) ?? new Set()
        set.add(waiter)
        waiters.set(key, set)
      })
    },
  }
  return coordinator
}

/** The same coordinator as seen by a process that dies while leading: it never renews nor releases. */
export const dyingLeader = (coordinator: Coordinator): Coordinator => ({
  ...coordinator,
  lead: async (key, leaseMs) => {
    const lease = await coordinator.lead(key, leaseMs)
    return lease && { renew: async () => true, release: async () => {} }
  },
})
