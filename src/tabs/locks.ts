import type { LockSnapshot } from './lock-names'

/** The part of the Web Locks API (`navigator.locks`) the tabs coordinator uses. */
export interface Locks {
  request(
    name: string,
    options: { mode?: 'exclusive' | 'shared'; ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>
  query(): Promise<LockSnapshot>
}

/** A Web Lock held until `release()` (or until the tab closes: the browser then lets it go). */
export interface HeldLock {
  release(): void
}

type Mode = 'exclusive' | 'shared'

/**
 * Takes lock `name` and holds it until released. With `ifAvailable`,
 * resolves undefined at once when it cannot be granted now.
 */
export const hold = (
  locks: Locks,
  name: string,
  mode: Mode,
  ifAvailable = false,
): Promise<HeldLock | undefined> =>
  new Promise((resolve, reject) => {
    locks
      .request(name, { mode, ifAvailable }, (lock) => {
        if (!lock) return resolve(undefined)
        return new Promise<void>((release) => resolve({ release: () => release() }))
      })
      .catch(reject)
  })

/**
 * Resolves once lock `name` could be granted in `mode` (it is let go at
 * once): for a shared request on a lease, once its leader let go or its tab
 * closed. Rejects when `signal` aborts first, withdrawing the request.
 */
export const whenFree = (locks: Locks, name: string, mode: Mode, signal: AbortSignal) =>
  locks.request(name, { mode, signal }, () => undefined).then(() => undefined)
