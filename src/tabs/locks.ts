/** A Web Lock held until `release()` (or until the tab closes: the browser then lets it go). */
export interface HeldLock {
  release(): void
}

export const heldLock = (release: () => void): HeldLock => ({ release })

/**
 * Takes the lock `name` if nobody holds it, and holds it until it is
 * released. Resolves undefined when another tab holds it.
 */
export const takeLock = (name: string): Promise<HeldLock | undefined> =>
  new Promise((resolve, reject) => {
    navigator.locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) return resolve(undefined)
        return new Promise<void>((release) => resolve(heldLock(release)))
      })
      .catch(reject)
  })
