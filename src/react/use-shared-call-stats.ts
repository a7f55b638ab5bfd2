import { useCallback, useSyncExternalStore } from 'react'
import { SharedCall, type SharedCallStats } from 'shared-call'
import { useSharedCallInstance } from './provider'

// All zeros: the server has its own counters, and rendering them there would
// not match the client's on hydration.
const NO_STATS: SharedCallStats = /* @__PURE__ */ new SharedCall().getStats()
const serverStats = () => NO_STATS

/**
 * The stats of the current `SharedCall` instance (see `SharedCallProvider`);
 * the component re-renders whenever they change.
 *
 * @example
 * ```tsx
 * const { hits, misses, hitRate } = useSharedCallStats()
 * ```
 */
export function useSharedCallStats(): SharedCallStats {
  const shared = useSharedCallInstance()
  const subscribe = useCallback((listener: () => void) => shared.subscribe(listener), [shared])
  return useSyncExternalStore(subscribe, () => shared.getStats(), serverStats)
}
