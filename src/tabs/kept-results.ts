import type { HeldLock } from './locks'

interface Kept {
  /** The result's bytes; undefined for a generation that ended without one. */
  bytes: Uint8Array | undefined
  /** The lock that tells the other tabs this tab keeps it (lock-names.ts). */
  lock: HeldLock
  timer: ReturnType<typeof setTimeout>
}

/**
 * What this tab published (or let go without a result), each for its TTL,
 * with the lock that shows it to the other tabs: when the TTL runs out the
 * lock goes, and with it every trace of that generation.
 */
export class KeptResults {
  #kept = new Map<string, Kept>()

  keep(
    name: string,
    generation: number,
    bytes: Uint8Array | undefined,
    lock: HeldLock,
    ttlMs: number,
  ) {
    const key = `${generation}:${name}`
    const timer = setTimeout(() => this.#drop(key), ttlMs)
    this.#drop(key)
    this.#kept.set(key, { bytes, lock, timer })
  }

  /** The bytes this tab published for `generation` of `name`, while it keeps them. */
  get(name: string, generation: number): Uint8Array | undefined {
    return this.#kept.get(`${generation}:${name}`)?.bytes
  }

  /** Lets every kept result go. */
  clear() {
    for (const key of [...this.#kept.keys()]) this.#drop(key)
  }

  #drop(key: string) {
    const kept = this.#kept.get(key)
    if (!kept) return
    this.#kept.delete(key)
    clearTimeout(kept.timer)
    kept.lock.release()
  }
}
