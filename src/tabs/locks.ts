import type { Lease } from 'shared-call/coordinator'

/** A lease on a Web Lock: held until `release()`; renewal is a no-op, since locks never expire. */
export const leaseOf = (release: () => void): Lease => ({
  renew: async () => true,
  release: async () => release(),
})

/**
 * Takes the lock `name` if nobody holds it, and holds it until the lease is
 * released (or the tab closes: the browser then lets it go by itself).
 * Resolves undefined when another tab holds it.
 */
export const takeLock = (name: string): Promise<Lease | undefined> =>
  new Promise((resolve, reject) => {
    navigator.locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) return resolve(undefined)
        return new Promise<void>((release) => resolve(leaseOf(release)))
      })
      .catch(reject)
  })
