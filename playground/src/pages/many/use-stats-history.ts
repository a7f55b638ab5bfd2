import { useCallback, useEffect, useRef, useState } from 'react'
import { useSharedCallStats } from 'shared-call/react'
import type { ServerStats } from '../../lib/server'
import { useServerStats } from '../../lib/use-server-stats'

export interface ClientSample {
  t: number
  hits: number
  misses: number
  active: number
}

export interface ServerSample extends ClientSample {
  upstream: number
}

interface History {
  /** The run the samples are of: a new run starts from none. */
  run: string | undefined
  client: ClientSample[]
  server: ServerSample[]
  /** Seconds since the run started, at the latest sample. */
  now: number
}

/** Seconds of history kept; the charts show the last `WINDOW` of them. */
export const WINDOW = 30

const POLL_MS = 250

const keep = <T extends { t: number }>(samples: T[], sample: T) =>
  [...samples, sample].filter((s) => s.t >= sample.t - WINDOW - 1)

/**
 * The page's stats (`useSharedCallStats`, sampled at every change, so a
 * flight that lasts 200 ms still shows) and the server's (polled, with the
 * upstream calls of `run`), over time, for the current run only: a new run
 * starts the charts from nothing, at 0 s, as the page says every number
 * counts the last run.
 */
export const useStatsHistory = (run: string | undefined) => {
  const started = useRef(performance.now())
  const current = useRef(run)
  const [history, setHistory] = useState<History>({ run, client: [], server: [], now: 0 })
  if (current.current !== run) {
    current.current = run
    started.current = performance.now()
  }
  const seconds = useCallback((at: number) => Math.max(0, (at - started.current) / 1000), [])
  /** Adds a sample to the history of `run`, or starts that history if it is a new run's. */
  const add = useCallback(
    (update: (h: History) => History) =>
      setHistory((h) =>
        update(
          h.run === current.current ? h : { ...h, run: current.current, client: [], server: [] },
        ),
      ),
    [],
  )

  const client = useSharedCallStats()
  useEffect(() => {
    if (run === undefined) return
    const t = seconds(performance.now())
    const { hits, misses, active } = client
    add((h) => ({
      ...h,
      now: Math.max(h.now, t),
      client: keep(h.client, { t, hits, misses, active }),
    }))
  }, [client, run, seconds, add])

  const onSample = useCallback(
    ({ upstream, shared }: ServerStats, sentAt: number) => {
      const t = seconds(sentAt)
      const { hits, misses, active } = shared
      const sample = { t, hits, misses, active, upstream: upstream.calls }
      add((h) => ({ ...h, now: Math.max(h.now, t), server: keep(h.server, sample) }))
    },
    [seconds, add],
  )
  const server = useServerStats(run, POLL_MS, onSample)

  const shown = history.run === run ? history : { run, client: [], server: [], now: 0 }
  return { client, server, history: shown }
}
