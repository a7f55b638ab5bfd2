interface Kept {
  bytes: Uint8Array
  /** This tab published it: it answers the tabs that ask. */
  mine: boolean
  expires: number
  timer: ReturnType<typeof setTimeout>
}

/**
 * Results this tab knows of, each until its TTL runs out: the ones it
 * published (which it hands to tabs that ask) and the ones it heard (which
 * answer its own late waiters at once).
 */
export class KeptResults {
  #results = new Map<string, Kept>()

  keep(key: string, bytes: Uint8Array, ttlMs: number, mine: boolean): void {
    const previous = this.#results.get(key)
    if (previous) clearTimeout(previous.timer)
    const timer = setTimeout(() => {
      if (this.#results.get(key)?.timer === timer) this.#results.delete(key)
    }, ttlMs)
    this.#results.set(key, { bytes, mine, expires: Date.now() + ttlMs, timer })
  }

  /** The result of `key` while it is kept. */
  get(key: string): Uint8Array | undefined {
    return this.#results.get(key)?.bytes
  }

  /** The result of `key` and the ms it has left, if this tab published it and keeps it still. */
  published(key: string): { bytes: Uint8Array; ttlMs: number } | undefined {
    const kept = this.#results.get(key)
    const ttlMs = kept ? kept.expires - Date.now() : 0
    return kept?.mine && ttlMs > 0 ? { bytes: kept.bytes, ttlMs } : undefined
  }
}
