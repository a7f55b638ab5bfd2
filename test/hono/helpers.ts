import type { SharedCall, SharedCallStats } from 'shared-call'
import { deferred } from '../support/deferred'

export { deferred }

/** Resolves when the stats of `shared` satisfy `test` (at once if they already do). */
export const statsReach = (shared: SharedCall, test: (stats: SharedCallStats) => boolean) =>
  new Promise<SharedCallStats>((resolve) => {
    if (test(shared.getStats())) return resolve(shared.getStats())
    const stop = shared.subscribe((stats) => {
      if (!test(stats)) return
      stop()
      resolve(stats)
    })
  })

/**
 * Counts handler runs; `reached(n)` resolves once `n` runs have started, so a
 * test can hold them all at a gate and prove they run at the same time.
 */
export const counter = () => {
  let count = 0
  const waiting: { n: number; resolve: () => void }[] = []
  return {
    get count() {
      return count
    },
    hit() {
      count++
      for (const w of waiting) if (count >= w.n) w.resolve()
    },
    reached(n: number) {
      const { promise, resolve } = deferred()
      if (count >= n) resolve()
      else waiting.push({ n, resolve })
      return promise
    },
  }
}
