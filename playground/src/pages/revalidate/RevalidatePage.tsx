import { useLayoutEffect, useState } from 'react'
import { SharedCall } from 'shared-call'
import { SharedCallProvider, useSharedCallStats } from 'shared-call/react'
import { Counter } from '../../components/Counter'
import { ProductTile } from './ProductTile'
import { enterPhase, startRun, useRunLog } from './run-log'

const COMPONENTS = 300

/** What a browser fires when its tab or window comes back. */
const simulateFocus = () => {
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
  window.dispatchEvent(new Event('focus'))
}

/**
 * Counts the requests that follow a focus (real or simulated) as focus
 * requests. Its listener must run before the hook's, which starts the fetch:
 * it captures, and it is added in a layout effect, before any passive effect
 * (where the hook adds its own) has run.
 */
const useFocusPhase = () =>
  useLayoutEffect(() => {
    const onFocus = () => {
      if (document.visibilityState !== 'hidden') enterPhase('focus')
    }
    for (const type of ['focus', 'visibilitychange']) {
      window.addEventListener(type, onFocus, { capture: true })
    }
    return () => {
      for (const type of ['focus', 'visibilitychange']) {
        window.removeEventListener(type, onFocus, { capture: true })
      }
    }
  }, [])

/** The run's own counters: the page's requests and its instance's stats. */
function RunCounters() {
  const log = useRunLog()
  const { hits, misses } = useSharedCallStats()
  return (
    <div className="counters">
      <Counter
        label="requests: first load"
        value={log.requests.load}
        testId="revalidate-load"
        hint={`one for ${COMPONENTS} components`}
      />
      <Counter
        label="requests: coming back"
        value={log.requests.comeBack}
        testId="revalidate-come-back"
        hint="one background fetch"
      />
      <Counter
        label="showed data in their first render"
        value={`${log.dataInFirstRender} / ${log.mounted}`}
        testId="revalidate-first-render"
        hint="after coming back: no loading state"
      />
      <Counter
        label="requests: focus"
        value={log.requests.focus}
        testId="revalidate-focus"
        hint={`one per focus, for all ${COMPONENTS} components`}
      />
      <Counter
        label="callers in the page"
        value={misses + hits}
        testId="revalidate-callers"
        hint={`${misses} fetches, ${hits} joined one`}
      />
    </div>
  )
}

/**
 * Data that survives navigation, and focus that refetches once for many
 * components: `useSharedCall` keeps a key's data for `gcTime` after its
 * components unmount, shows it at once when they come back, and fetches it
 * again in the background, once for all of them.
 */
export function RevalidatePage() {
  // Each run has its own instance and key: nothing is answered from before it.
  // The log starts with the page, before the first tiles render and fetch.
  const [run, setRun] = useState(() => {
    startRun()
    enterPhase('load', COMPONENTS)
    return { id: 1, shared: new SharedCall() }
  })
  const [shown, setShown] = useState(true)
  useFocusPhase()
  const url = `/api/products/1?page=revalidate&run=${run.id}`

  const newRun = () => {
    startRun()
    enterPhase('load', COMPONENTS)
    setRun((previous) => ({ id: previous.id + 1, shared: new SharedCall() }))
    setShown(true)
  }
  const navigate = () => {
    if (shown) {
      setShown(false)
      return
    }
    enterPhase('comeBack', COMPONENTS)
    setShown(true)
  }

  return (
    <SharedCallProvider value={run.shared}>
      <p className="lead">
        {COMPONENTS} components show one product with <code>useSharedCall</code>. Navigate away and
        back: the data is kept (for <code>gcTime</code>, 5 minutes by default), so every component
        shows it in its first render, and one background request refreshes it. Focus the window (or
        press the button): one request for all {COMPONENTS} components. The colour of a square says
        which upstream call its data came from.
      </p>
      <div className="controls">
        <button type="button" onClick={navigate} data-testid="revalidate-navigate">
          {shown ? 'Navigate away' : 'Come back'}
        </button>
        <button
          type="button"
          onClick={simulateFocus}
          disabled={!shown}
          data-testid="revalidate-focus-button"
        >
          Simulate window focus
        </button>
        <button type="button" onClick={newRun} data-testid="revalidate-new-run">
          New run
        </button>
      </div>
      <RunCounters />
      <section className="panel">
        {shown ? (
          <ul className="tiles" aria-label={`${COMPONENTS} components`} key={run.id}>
            {Array.from({ length: COMPONENTS }, (_, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a tile is its position; the list never reorders
              <ProductTile key={index} url={url} />
            ))}
          </ul>
        ) : (
          <p className="muted" data-testid="revalidate-away">
            Away: no component shows the product. Its data is kept.
          </p>
        )}
      </section>
    </SharedCallProvider>
  )
}
