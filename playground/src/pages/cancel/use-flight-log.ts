import { useCallback, useRef, useState } from 'react'

export interface FlightLog {
  starts: number
  aborts: number
  /** The script step during which the fetch aborted. */
  abortedAt: number | undefined
  lines: string[]
}

const EMPTY: FlightLog = { starts: 0, aborts: 0, abortedAt: undefined, lines: [] }

/**
 * What the fetcher saw: how often it started, how often its signal aborted,
 * and when. `step` is read through a ref so a late abort is filed under the
 * step it happened in.
 */
export const useFlightLog = (step: number) => {
  const [log, setLog] = useState(EMPTY)
  const current = useRef(step)
  current.current = step
  const started = useCallback(() => {
    const at = current.current
    setLog((l) => ({
      ...l,
      starts: l.starts + 1,
      lines: [...l.lines, `step ${at + 1}: fetch started`],
    }))
  }, [])
  const aborted = useCallback(() => {
    const at = current.current
    setLog((l) => ({
      ...l,
      aborts: l.aborts + 1,
      abortedAt: l.abortedAt ?? at,
      lines: [...l.lines, `step ${at + 1}: fetch aborted`],
    }))
  }, [])
  const clear = useCallback(() => setLog(EMPTY), [])
  return { log, started, aborted, clear }
}
