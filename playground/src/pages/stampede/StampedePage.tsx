import { useId, useRef, useState } from 'react'
import { Histogram } from '../../charts/Histogram'
import { ErrorNote } from '../../components/ErrorNote'
import { asError } from '../../lib/use-server-stats'
import { ResultCard } from './ResultCard'
import { type Route, runStampede, type StampedeResult } from './run-stampede'

type Phase =
  | { state: 'idle' | 'done' }
  | { state: 'running'; route: Route }
  | { state: 'error'; error: Error }

/** Page 2: a burst of identical requests at the edge, through the middleware and around it. */
export function StampedePage() {
  const id = useId()
  const [n, setN] = useState(100)
  const [delay, setDelay] = useState(300)
  const [phase, setPhase] = useState<Phase>({ state: 'idle' })
  const [results, setResults] = useState<StampedeResult[]>([])
  const runs = useRef(0)

  const fire = async () => {
    const tag = `${Date.now()}-${++runs.current}`
    setResults([])
    try {
      // One after the other: at once, the two runs would share connections and skew latencies.
      for (const route of ['api', 'direct'] as const) {
        setPhase({ state: 'running', route })
        const result = await runStampede(route, n, delay, tag)
        setResults((previous) => [...previous, result])
      }
      setPhase({ state: 'done' })
    } catch (error) {
      setPhase({ state: 'error', error: asError(error) })
    }
  }

  const running = phase.state === 'running'
  return (
    <>
      <p className="lead">
        A cache expires and {n} clients ask for the same product at once. Through the Hono
        middleware, requests that arrive while one is in flight wait for it; without it, every
        request reaches the slow upstream. A browser opens at most six connections to one host, so
        the burst reaches the server in waves of six: through the middleware each wave costs at most
        one upstream call.
      </p>
      <div className="controls">
        <label htmlFor={`${id}-n`}>Requests</label>
        <input
          id={`${id}-n`}
          className="number"
          type="number"
          min={1}
          max={500}
          value={n}
          onChange={(event) =>
            setN(Math.min(500, Math.max(1, event.currentTarget.valueAsNumber || 1)))
          }
          data-testid="stampede-n"
        />
        <label htmlFor={`${id}-delay`}>Upstream delay (ms)</label>
        <input
          id={`${id}-delay`}
          className="number"
          type="number"
          min={0}
          max={5000}
          step={50}
          value={delay}
          onChange={(event) =>
            setDelay(Math.min(5000, Math.max(0, event.currentTarget.valueAsNumber || 0)))
          }
          data-testid="stampede-delay"
        />
        <button type="button" onClick={fire} disabled={running} data-testid="stampede-run">
          {running ? `Running /${phase.route}…` : `Fire ${n} requests`}
        </button>
      </div>
      <p className="progress" data-testid="stampede-status" data-state={phase.state}>
        {phase.state === 'idle' &&
          'Press the button: it runs the burst with the middleware, then without.'}
        {phase.state === 'running' && `Sending ${n} requests to /${phase.route}/products/2…`}
        {phase.state === 'done' && 'Done. Compare the upstream calls, and the latencies below.'}
      </p>
      {phase.state === 'error' && <ErrorNote error={phase.error} testId="stampede-error" />}
      <div className="results">
        {results.map((result) => (
          <ResultCard key={result.route} result={result} />
        ))}
      </div>
      {results.length > 0 && (
        <Histogram
          title="Latency of each request"
          testId="stampede-histogram"
          runs={results.map((r) => ({
            name: r.route === 'api' ? 'with middleware (/api)' : 'without (/direct)',
            tone: r.route === 'api' ? 'shared' : 'direct',
            values: r.latencies,
          }))}
        />
      )}
    </>
  )
}
