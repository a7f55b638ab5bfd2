import { useCallback, useEffect, useRef, useState } from 'react'
import { manyComponents } from '../../../guide.mjs'
import { Counter } from '../../components/Counter'
import { ErrorNote } from '../../components/ErrorNote'
import { resetRequestCount, useRequestCount } from '../../lib/request-counter'
import { newRunId, resetServerStats } from '../../lib/server'
import { shared } from '../../lib/shared'
import { useRunSignal } from '../../lib/use-run-signal'
import { asError } from '../../lib/use-server-stats'
import { ManyControls } from './ManyControls'
import { ProductTiles, type Run, type RunSpec } from './ProductTiles'
import { StatsCharts } from './StatsCharts'
import { useStatsHistory } from './use-stats-history'

/** How long a run took until every component had the product, and what it sent. */
interface Timing {
  n: number
  ms: number
  requests: number
}

const timingText = (label: string, timing: Timing | undefined) =>
  timing &&
  `${label}: ${timing.n} in ${Math.round(timing.ms)} ms (${timing.requests} ${timing.requests === 1 ? 'request' : 'requests'})`

/** Page 1: N components want one product; with coalescing they cause one request. */
export function ManyComponentsPage() {
  const [n, setN] = useState(manyComponents.start)
  const [coalesce, setCoalesce] = useState(true)
  const [run, setRun] = useState<Run>()
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<Error>()
  const latest = useRef(0)
  const nextSignal = useRunSignal()
  const requests = useRequestCount()
  const { client, server, history } = useStatsHistory(run?.runId)
  // The last run of each kind, so the two compare side by side.
  const [timings, setTimings] = useState<{ shared?: Timing; plain?: Timing; last?: Timing }>({})
  const sent = useRef(requests)
  sent.current = requests
  const onDone = useCallback(
    (ms: number) => {
      if (!run) return
      const timing = { n: run.n, ms, requests: sent.current }
      setTimings((t) => ({ ...t, last: timing, [run.coalesce ? 'shared' : 'plain']: timing }))
    },
    [run],
  )

  const start = useCallback(
    async (spec: Omit<RunSpec, 'id'>) => {
      const id = ++latest.current
      // Stop the last run's requests and unmount its components before the counters reset.
      const signal = nextSignal()
      setRun(undefined)
      setTimings(({ last: _, ...kinds }) => kinds)
      setStarting(true)
      setError(undefined)
      try {
        // The server counts upstream calls per run; its middleware's stats need a reset.
        await resetServerStats()
        if (id !== latest.current) return // a newer run started meanwhile
        resetRequestCount()
        shared.resetStats()
        setRun({ ...spec, id, runId: newRunId('many'), signal })
      } catch (reason) {
        if (id === latest.current) setError(asError(reason))
      } finally {
        if (id === latest.current) setStarting(false)
      }
    },
    [nextSignal],
  )

  // One run on opening, so the page shows something at once. The ref keeps
  // StrictMode's second effect run from starting a second one.
  const opened = useRef(false)
  useEffect(() => {
    if (opened.current) return
    opened.current = true
    start({ n: manyComponents.start, coalesce: true })
  }, [start])

  // Polled for this run only: the count of no other run can show here.
  const upstream = server.stats?.upstream.calls
  const hint = run?.coalesce ? 'one, however many components' : 'one per component'
  const compared =
    [timingText('with coalescing', timings.shared), timingText('without', timings.plain)]
      .filter(Boolean)
      .join(' · ') || 'from mounting until the last one has its answer'

  return (
    <>
      <p className="lead">
        Each square below is a React component that calls <code>useSharedCall</code> for the same
        product. However many you mount, the page sends one request and the server makes one
        upstream call. Turn coalescing off to see one plain <code>fetch</code> per component (to the
        route without the server middleware): one request per component, and a page that takes
        longer, as the browser sends six at a time. Every number and chart on this page counts the
        last run only.
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
          hint={hint}
        />
        <Counter
          label="upstream calls on the server"
          value={upstream}
          testId="many-upstream"
          hint="this run’s, from /_upstream/stats"
        />
        <Counter
          label="hit rate in the page"
          value={`${(client.hitRate * 100).toFixed(1)} %`}
          testId="many-hit-rate"
          hint={
            run && !run.coalesce
              ? 'plain fetch: no call goes through useSharedCall'
              : `${client.hits} joined a fetch, ${client.misses} started one`
          }
        />
        <Counter
          label={`time until all ${run?.n ?? n} have the product`}
          value={timings.last && `${Math.round(timings.last.ms)} ms`}
          testId="many-latency"
          hint={compared}
        />
      </div>
      {run ? (
        <ProductTiles key={run.id} run={run} onDone={onDone} />
      ) : (
        <p className="panel muted" data-testid="many-status" data-done="false">
          {error ? 'Not started.' : 'Resetting the server counters…'}
        </p>
      )}
      <StatsCharts client={history.client} server={history.server} now={history.now} />
    </>
  )
}
