import { useEffect, useState } from 'react'
import { fetchServerStats, type ServerStats } from './server'

export interface ServerStatsState {
  stats: ServerStats | undefined
  /** When the poll that brought `stats` was sent (`performance.now()`, ms). */
  sentAt: number
  error: Error | undefined
}

const NOTHING: ServerStatsState = { stats: undefined, sentAt: 0, error: undefined }

/**
 * Polls the edge demo's stats for one run while the component is mounted
 * (not at all while `run` is undefined). The next poll is scheduled only
 * after the previous one answered, so a slow server never piles up requests.
 * A new run starts from nothing: a number of the last run is never shown as
 * this one's. `onSample` sees every answer (for charts).
 */
export const useServerStats = (
  run: string | undefined,
  intervalMs: number,
  onSample?: (stats: ServerStats, sentAt: number) => void,
): ServerStatsState => {
  const [state, setState] = useState<ServerStatsState & { run?: string }>(NOTHING)

  useEffect(() => {
    if (run === undefined) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      const sentAt = performance.now()
      try {
        const stats = await fetchServerStats(run)
        if (stopped) return
        setState({ run, stats, sentAt, error: undefined })
        onSample?.(stats, sentAt)
      } catch (error) {
        if (stopped) return
        setState((previous) => ({
          ...(previous.run === run ? previous : NOTHING),
          run,
          error: asError(error),
        }))
      }
      if (!stopped) timer = setTimeout(poll, intervalMs)
    }
    poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [run, intervalMs, onSample])

  return state.run === run ? state : NOTHING
}

export const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error))
