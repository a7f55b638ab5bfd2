/** Counters of one `SharedCall` instance, as returned by `getStats()`. */
export interface SharedCallStats {
  /** Calls that joined a flight already running (or still shared by `shareFor`). */
  readonly hits: number
  /** Calls that started new work. */
  readonly misses: number
  /** Flights that failed: the work threw or rejected, or the flight timed out. */
  readonly errors: number
  /** Flights running now. */
  readonly active: number
  /** `hits / (hits + misses)`, or 0 before the first call. */
  readonly hitRate: number
}

/** Called after each change of the stats. */
export type StatsListener = (stats: SharedCallStats) => void

/**
 * Mutable counters with a cached immutable snapshot. The snapshot is rebuilt
 * only when read after a change, so the hot path costs an increment, and
 * `useSyncExternalStore` sees a new object exactly when something changed.
 */
export class Stats {
  hits = 0
  misses = 0
  errors = 0
  active = 0
  private snapshot: SharedCallStats | undefined
  private readonly listeners = new Set<StatsListener>()

  changed(): void {
    this.snapshot = undefined
    if (this.listeners.size === 0) return
    const stats = this.read()
    for (const listener of this.listeners) {
      try {
        listener(stats)
      } catch (error) {
        // A broken listener must not break the call that changed the stats,
        // nor be silenced: report it the way an event handler's error is.
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }

  read(): SharedCallStats {
    if (this.snapshot) return this.snapshot
    const { hits, misses, errors, active } = this
    const calls = hits + misses
    this.snapshot = { hits, misses, errors, active, hitRate: calls ? hits / calls : 0 }
    return this.snapshot
  }

  subscribe(listener: StatsListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  reset(): void {
    this.hits = this.misses = this.errors = 0
    this.changed()
  }
}
