import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Fetcher } from 'shared-call/react'
import { Counter } from '../../components/Counter'
import { type Product, readJson } from '../../lib/product'
import { STEP_MS, script, UPSTREAM_DELAY_MS } from './script'
import { Timeline } from './Timeline'
import { useFlightLog } from './use-flight-log'
import { Waiter } from './Waiter'

/** Page 3: the fetch aborts only when the last component leaves. */
export function CancellationPage() {
  const [run, setRun] = useState(0)
  // -1: not started; script.length: finished.
  const [step, setStep] = useState(-1)
  const { log, started, aborted, clear } = useFlightLog(step)

  // Advance the script on a timer while it plays.
  useEffect(() => {
    if (step < 0 || step >= script.length) return
    const timer = setTimeout(() => setStep(step + 1), STEP_MS)
    return () => clearTimeout(timer)
  }, [step])

  // A new key per run, so each run starts its own flight.
  const id = `cancel-demo:${run}`
  const fetcher = useMemo<Fetcher<Product>>(
    () => (signal) => {
      started()
      signal.addEventListener('abort', aborted, { once: true })
      const url = `/api/products/3?delay=${UPSTREAM_DELAY_MS}&cancel=${run}`
      return fetch(url, { signal, cache: 'no-store' }).then((r) => readJson<Product>(r))
    },
    [run, started, aborted],
  )

  const play = useCallback(() => {
    clear()
    setRun((r) => r + 1)
    setStep(0)
  }, [clear])

  const mounted = step >= 0 && step < script.length ? script[step]!.mounted : []
  const finished = step >= script.length
  const last = script.length - 1
  const right = log.starts === 1 && log.aborts === 1 && log.abortedAt === last
  return (
    <>
      <p className="lead">
        Components that share a fetch come and go on a timer. Each one is a caller with its own
        signal: the fetch aborts only when the last one leaves, and a component that mounts within
        the hook's grace period joins the fetch already running.
      </p>
      <div className="controls">
        <button
          type="button"
          onClick={play}
          disabled={step >= 0 && !finished}
          data-testid="cancel-run"
        >
          {step >= 0 && !finished ? 'Playing…' : 'Play the script'}
        </button>
      </div>
      <div className="counters">
        <Counter label="mounted components" value={mounted.length} testId="cancel-mounted" />
        <Counter
          label="fetches started"
          value={log.starts}
          testId="cancel-starts"
          hint="expect 1"
        />
        <Counter
          label="fetches aborted"
          value={log.aborts}
          testId="cancel-aborts"
          hint="expect 1, at the last step"
        />
      </div>
      <div className="columns">
        <Timeline step={step} abortedAt={log.abortedAt} />
        <section className="panel">
          <h3>Mounted now</h3>
          <ul className="waiters">
            {mounted.map((name) => (
              <Waiter key={`${run}-${name}`} name={name} id={id} fetcher={fetcher} />
            ))}
            {mounted.length === 0 && <li className="muted">none</li>}
          </ul>
          <h3>What the fetcher saw</h3>
          <ol className="log" data-testid="cancel-log">
            {log.lines.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows
              <li key={i}>{line}</li>
            ))}
          </ol>
        </section>
      </div>
      {finished && (
        <p
          className={right ? 'verdict ok' : 'verdict error-text'}
          data-testid="cancel-verdict"
          data-ok={right}
        >
          {right
            ? '✓ One fetch for four components, aborted only when the last one left.'
            : `✗ Expected one fetch aborted at the last step; saw ${log.starts} started, ${log.aborts} aborted.`}
        </p>
      )}
    </>
  )
}
