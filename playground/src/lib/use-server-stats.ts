import { useEffect, useState } from 'react'
import { fetchServerStats, type ServerStats } from './server'

export interface ServerStatsState {
  stats: ServerStats | undefined
  /** When the poll that brought `stats` was sent (`performance.now()`, ms). */
  sentAt: number
  error: Error | undefined
}

/**
 * Polls the edge demo's stats while the component is mounted. The next poll
 * is scheduled only after the previous one answered, so a slow server never
 * piles up requests. `onSample` sees every answer (for charts).
 */
export const useServerStats = (
  intervalMs: number,
  onSample?: (stats: ServerStats, sentAt: number) => void,
): ServerStatsState => {
  const [state, setState] = useState<ServerStatsState>({
    stats: undefined,
    sentAt: 0,
    error: undefined,
  })

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      const sentAt = performance.now()
      try {
        const stats = await fetchServerStats()
        if (stopped) return
        setState({ stats, sentAt, error: undefined })
        onSample?.(stats, sentAt)
      } catch (error) {
        if (stopped) return
        setState((previous) => ({ ...previous, error: asError(error) }))
      }
      if (!stopped) timer = setTimeout(poll, intervalMs)
    }
    poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [intervalMs, onSample])

  return state
}

export const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error))
