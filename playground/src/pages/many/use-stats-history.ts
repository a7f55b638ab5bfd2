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
  client: ClientSample[]
  server: ServerSample[]
  /** Seconds since the page opened, at the latest sample. */
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
 * upstream calls of `run`), over time.
 */
export const useStatsHistory = (run: string | undefined) => {
  const opened = useRef(performance.now())
  const seconds = useCallback((at: number) => (at - opened.current) / 1000, [])
  const [history, setHistory] = useState<History>({ client: [], server: [], now: 0 })

  const client = useSharedCallStats()
  useEffect(() => {
    const t = seconds(performance.now())
    const { hits, misses, active } = client
    setHistory((h) => ({
      ...h,
      now: Math.max(h.now, t),
      client: keep(h.client, { t, hits, misses, active }),
    }))
  }, [client, seconds])

  const onSample = useCallback(
    ({ upstream, shared }: ServerStats, sentAt: number) => {
      const t = seconds(sentAt)
      const { hits, misses, active } = shared
      const sample = { t, hits, misses, active, upstream: upstream.calls }
      setHistory((h) => ({ ...h, now: Math.max(h.now, t), server: keep(h.server, sample) }))
    },
    [seconds],
  )
  const server = useServerStats(run, POLL_MS, onSample)

  return { client, server, history }
}
