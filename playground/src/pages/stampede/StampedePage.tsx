import { useId, useState } from 'react'
import { Histogram } from '../../charts/Histogram'
import { ErrorNote } from '../../components/ErrorNote'
import { useRunSignal } from '../../lib/use-run-signal'
import { asError } from '../../lib/use-server-stats'
import { ResultCard } from './ResultCard'
import { quantile, type Route, runStampede, type StampedeResult } from './run-stampede'
import { StampedeSummary } from './StampedeSummary'

type Phase =
  | { state: 'idle' | 'done' }
  | { state: 'running'; route: Route }
  | { state: 'error'; error: Error }

/** Calls of a burst the upstream serves at once, like a database pool of this size. */
export const POOL = 10

const clamp = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.round(value) || min))

/** Page 2: a burst of identical requests at the edge, through the middleware and around it. */
export function StampedePage() {
  const id = useId()
  const [n, setN] = useState(100)
  const [delayMs, setDelayMs] = useState(300)
  const [phase, setPhase] = useState<Phase>({ state: 'idle' })
  const [results, setResults] = useState<StampedeResult[]>([])
  const [ran, setRan] = useState({ n, delayMs, pool: POOL })
  const nextSignal = useRunSignal()

  const fire = async () => {
    const settings = { n, delayMs, pool: POOL }
    const signal = nextSignal()
    setRan(settings)
    setResults([])
    try {
      // One after the other, so the two bursts never share the server's time.
      for (const [index, route] of (['api', 'direct'] as const).entries()) {
        setPhase({ state: 'running', route })
        await runStampede(
          route,
          settings,
          (result) => setResults((previous) => [...previous.slice(0, index), result]),
          signal,
        )
      }
      setPhase({ state: 'done' })
    } catch (error) {
      if (!signal.aborted) setPhase({ state: 'error', error: asError(error) })
    }
  }

  const running = phase.state === 'running'
  const answered = results.at(-1)?.completed.length ?? 0
  return (
    <>
      <p className="lead">
        A cache expires and {n} clients ask for the same product at once. The server fires them
        itself, all at the same moment (a browser would send six at a time), at a slow upstream that
        serves {POOL} calls at a time, like a database pool of {POOL}.{' '}
        <strong>
          Without the middleware the {n} requests make {n} upstream calls that queue and finish in
          waves of {POOL}, the last after {Math.ceil(n / POOL)} upstream delays; with it, the first
          request's one call answers all of them, so each waits about one delay.
        </strong>
      </p>
      <div className="controls">
        <label htmlFor={`${id}-n`}>Requests</label>
        <input
          id={`${id}-n`}
          className="number"
          type="number"
          min={1}
          max={1000}
          value={n}
          onChange={(event) => setN(clamp(event.currentTarget.valueAsNumber, 1, 1000))}
          data-testid="stampede-n"
        />
        <label htmlFor={`${id}-delay`}>Upstream delay per call (ms)</label>
        <input
          id={`${id}-delay`}
          className="number"
          type="number"
          min={10}
          max={2000}
          step={50}
          value={delayMs}
          onChange={(event) => setDelayMs(clamp(event.currentTarget.valueAsNumber, 10, 2000))}
          data-testid="stampede-delay"
        />
        <button type="button" onClick={fire} disabled={running} data-testid="stampede-run">
          {running ? `Running /${phase.route}…` : `Fire ${n} requests`}
        </button>
      </div>
      <p className="progress" data-testid="stampede-status" data-state={phase.state}>
        {phase.state === 'idle' &&
          'Press the button: the server fires the burst through the middleware, then without it.'}
        {phase.state === 'running' &&
          `Firing ${ran.n} requests at /${phase.route}/products/2: ${answered} answered…`}
        {phase.state === 'done' && <StampedeSummary results={results} />}
      </p>
      {phase.state === 'error' && <ErrorNote error={phase.error} testId="stampede-error" />}
      <div className="results">
        {results.map((result) => (
          <ResultCard key={result.route} result={result} settings={ran} />
        ))}
      </div>
      {results.length > 0 && (
        <Histogram
          title={`Latency of each request (upstream delay ${ran.delayMs} ms)`}
          testId="stampede-histogram"
          minMs={Math.ceil(ran.n / ran.pool) * ran.delayMs}
          runs={results.map((r) => ({
            name:
              r.route === 'api'
                ? `with middleware (/api): median ${Math.round(quantile(latencyOf(r), 0.5))} ms`
                : `without (/direct): median ${Math.round(quantile(latencyOf(r), 0.5))} ms`,
            tone: r.route === 'api' ? 'shared' : 'direct',
            values: latencyOf(r),
          }))}
        />
      )}
    </>
  )
}

const latencyOf = (result: StampedeResult) => result.completed.map((r) => r.ms)
