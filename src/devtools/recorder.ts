import type { SharedCall } from 'shared-call'
import { wrapJoin } from '../core/wrap-join'

/** What the panel saw of one key's calls since it opened. */
export interface KeyRecord {
  /** Calls that started its work here. */
  leaders: number
  /** Calls that joined a flight (or a result kept by `shareFor`). */
  followers: number
  /** Flights that failed. */
  errors: number
  /** How long its last finished flight took (ms). */
  lastMs: number | undefined
  /** When it last finished (ms since the epoch). */
  settledAt: number | undefined
}

/** One point of the hit-rate line: the share of calls that joined, over one tick. */
export interface Tick {
  at: number
  hitRate: number | undefined
}

const TICKS = 60

/**
 * Watches `shared` while the panel is open: every call's role and each
 * flight's duration and failure, by key (through its `join`, which the
 * panel wraps and gives back), and the hit rate tick by tick (from its stats).
 */
export const record = (shared: SharedCall, changed: () => void) => {
  const keys = new Map<string, KeyRecord>()
  const of = (key: string) => {
    let seen = keys.get(key)
    if (!seen) {
      seen = { leaders: 0, followers: 0, errors: 0, lastMs: undefined, settledAt: undefined }
      keys.set(key, seen)
    }
    return seen
  }
  const unwrap = wrapJoin(shared, (next) => (key, work, options) => {
    const joined = next(key, work, options)
    if (options?.signal?.aborted) return joined
    const seen = of(key)
    if (!joined.leader) seen.followers++
    else {
      seen.leaders++
      const started = performance.now()
      const ended = (failed: boolean) => () => {
        seen.lastMs = performance.now() - started
        seen.settledAt = Date.now()
        if (failed) seen.errors++
        changed()
      }
      joined.result.then(ended(false), ended(true))
    }
    return joined
  })
  const ticks: Tick[] = []
  let last = shared.getStats()
  /** Samples the hit rate since the last tick. */
  const tick = () => {
    const now = shared.getStats()
    const hits = now.hits - last.hits
    // Every call counts once: passes too, as in the stats' own hitRate.
    const calls = hits + now.misses - last.misses + now.passes - last.passes
    last = now
    ticks.push({ at: Date.now(), hitRate: calls > 0 ? hits / calls : undefined })
    if (ticks.length > TICKS) ticks.shift()
  }
  return { keys, ticks, tick, stop: unwrap }
}

export type Recorder = ReturnType<typeof record>
