import { useCallback, useEffect, useRef, useState } from 'react'
import { Counter } from '../../components/Counter'
import { ErrorNote } from '../../components/ErrorNote'
import { resetRequestCount, useRequestCount } from '../../lib/request-counter'
import { resetServer } from '../../lib/server'
import { shared } from '../../lib/shared'
import { asError } from '../../lib/use-server-stats'
import { ManyControls } from './ManyControls'
import { ProductTiles, type RunSpec } from './ProductTiles'
import { StatsCharts } from './StatsCharts'
import { useStatsHistory } from './use-stats-history'

interface Started extends RunSpec {
  /** `performance.now()` once the server was reset: polls sent before it are stale. */
  startedAt: number
}

/** Page 1: N components want one product; with coalescing they cause one request. */
export function ManyComponentsPage() {
  const [n, setN] = useState(100)
  const [coalesce, setCoalesce] = useState(true)
  const [run, setRun] = useState<Started>()
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<Error>()
  const latest = useRef(0)
  const requests = useRequestCount()
  const { client, server, history } = useStatsHistory()

  const start = useCallback(async (spec: Omit<RunSpec, 'id'>) => {
    const id = ++latest.current
    // Unmount the last run first, so its components leave before the counters reset.
    setRun(undefined)
    setStarting(true)
    setError(undefined)
    try {
      await resetServer()
      if (id !== latest.current) return // a newer run started meanwhile
      resetRequestCount()
      shared.resetStats()
      setRun({ ...spec, id, startedAt: performance.now() })
    } catch (reason) {
      if (id === latest.current) setError(asError(reason))
    } finally {
      if (id === latest.current) setStarting(false)
    }
  }, [])

  // One run on opening, so the page shows something at once. The ref keeps
  // StrictMode's second effect run from starting a second one.
  const opened = useRef(false)
  useEffect(() => {
    if (opened.current) return
    opened.current = true
    start({ n: 100, coalesce: true })
  }, [start])

  // An upstream count is this run's only if its poll was sent after the reset.
  const upstream =
    run && server.stats && server.sentAt >= run.startedAt ? server.stats.upstream.calls : undefined

  return (
    <>
      <p className="lead">
        Each square below is a React component that calls <code>useSharedCall</code> for the same
        product. However many you mount, the page sends one request and the server makes one
        upstream call. Turn coalescing off to see one plain <code>fetch</code> per component (to the
        route without the server middleware).
      </p>
      <ManyControls
        n={n}
        coalesce={coalesce}
        busy={starting}
        onN={setN}
        onCoalesce={setCoalesce}
        onRun={() => start({ n, coalesce })}
      />
      {error && <ErrorNote error={error} testId="many-error" />}
      {server.error && !error && <ErrorNote error={server.error} testId="many-server-error" />}
      <div className="counters">
        <Counter
          label="requests sent by the page"
          value={run ? requests : undefined}
          testId="many-requests"
          hint={
            run?.coalesce
              ? 'one, however many components'
              : import.meta.env.DEV
                ? 'two per component here: StrictMode mounts each twice in development'
                : 'one per component'
          }
        />
        <Counter
          label="upstream calls on the server"
          value={upstream}
          testId="many-upstream"
          hint="from /_upstream/stats"
        />
        <Counter
          label="hit rate in the page"
          value={`${(client.hitRate * 100).toFixed(1)} %`}
          testId="many-hit-rate"
          hint={`${client.hits} hits, ${client.misses} ${client.misses === 1 ? 'miss' : 'misses'}`}
        />
      </div>
      {run ? (
        <ProductTiles key={run.id} run={run} />
      ) : (
        <p className="panel muted" data-testid="many-status" data-done="false">
          {error ? 'Not started.' : 'Resetting the server counters…'}
        </p>
      )}
      <StatsCharts client={history.client} server={history.server} now={history.now} />
    </>
  )
}
