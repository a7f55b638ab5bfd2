import { useCallback, useEffect, useReducer, useRef } from 'react'
import { PlainProductTile } from './PlainProductTile'
import { productUrl } from './product-url'
import { SharedProductTile } from './SharedProductTile'

export interface RunSpec {
  id: number
  n: number
  coalesce: boolean
}

export interface Run extends RunSpec {
  /** The run as the server counts it (`?run=`). */
  runId: string
  /** Aborts the run's plain fetches when a new run starts or the page is left. */
  signal: AbortSignal
}

/**
 * N components asking for the same product, and how far they got. Keyed by
 * the run, so a new run mounts N fresh components instead of reusing the old.
 * `onDone` gets the ms from their first render until every one has its answer.
 */
export function ProductTiles({ run, onDone }: { run: Run; onDone: (ms: number) => void }) {
  const mounted = useRef(performance.now())
  // Which tiles answered, and from which upstream calls: refs, because a
  // thousand tiles report in one commit and only the totals need a render.
  const outcomes = useRef(new Map<number, number | 'error'>())
  const [, render] = useReducer((x: number) => x + 1, 0)
  const onSettled = useCallback((index: number, outcome: number | 'error') => {
    if (outcomes.current.get(index) === outcome) return
    outcomes.current.set(index, outcome)
    render()
  }, [])

  const values = [...outcomes.current.values()]
  const failed = values.filter((v) => v === 'error').length
  const ready = values.length - failed
  const calls = new Set(values.filter((v) => v !== 'error')).size
  const done = values.length === run.n
  const reported = useRef(false)
  useEffect(() => {
    if (!done || reported.current) return
    reported.current = true
    onDone(performance.now() - mounted.current)
  }, [done, onDone])
  const url = productUrl(run.coalesce, run.runId)
  // A tile is its position: the list never reorders.
  const tile = (index: number) =>
    run.coalesce ? (
      <SharedProductTile key={index} index={index} url={url} onSettled={onSettled} />
    ) : (
      <PlainProductTile
        key={index}
        index={index}
        url={url}
        signal={run.signal}
        onSettled={onSettled}
      />
    )

  return (
    <section className="panel">
      <p className="progress" data-testid="many-status" data-done={done}>
        <span data-testid="many-loaded">{ready}</span> / {run.n} components have the product
        {failed > 0 && <span className="error-text"> · {failed} failed</span>}
        {ready > 0 && (
          <>
            {' '}
            · the answers they show came from{' '}
            <strong data-testid="many-distinct-calls">{calls}</strong> upstream{' '}
            {calls === 1 ? 'call' : 'calls'} (one colour per call)
          </>
        )}
      </p>
      <ul className="tiles" aria-label={`${run.n} components`}>
        {Array.from({ length: run.n }, (_, index) => tile(index))}
      </ul>
    </section>
  )
}
