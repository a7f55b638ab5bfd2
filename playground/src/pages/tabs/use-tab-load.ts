import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { type Product, readJson } from '../../lib/product'
import { asError } from '../../lib/use-server-stats'
import { productKey, productUrl, tabsShared } from './tabs-shared'

/** Where this tab's load is: from asking, to leading or waiting, to the answer. */
export type TabLoad =
  | { state: 'idle' }
  /** The flight started; this tab has sent no request (it waits for a leading tab, or is about to lead). */
  | { state: 'asking' }
  /** This tab leads: its request is out. */
  | { state: 'leading' }
  | { state: 'done'; product: Product; fromAnotherTab: boolean; ms: number }
  | { state: 'error'; error: Error }

/**
 * Loads a product through the page's coordinated `SharedCall`, counting the
 * requests this tab sends in `run` (the work runs only in the tab that
 * leads). A new run zeroes this tab's counters and clears its last answer;
 * leaving the page aborts the load.
 */
export const useTabLoad = (run: string) => {
  const [load, setLoad] = useState<TabLoad>({ state: 'idle' })
  const [requests, setRequests] = useState(0)
  // Loads started in this tab: tells one load's answer from the last one's.
  const [loads, setLoads] = useState(0)
  const current = useRef<AbortController>(undefined)
  useEffect(() => () => current.current?.abort(), [])

  useEffect(() => {
    if (!run) return
    setRequests(0)
    tabsShared().resetStats()
    setLoad((last) => (last.state === 'done' || last.state === 'error' ? { state: 'idle' } : last))
  }, [run])

  const start = useCallback(async (id: string, delayMs: number, run: string) => {
    current.current?.abort()
    const controller = new AbortController()
    current.current = controller
    const shared = tabsShared()
    const remoteBefore = shared.getStats().remoteHits
    const startedAt = performance.now()
    setLoads((n) => n + 1)
    setLoad({ state: 'asking' })
    try {
      const product = await shared.run(
        productKey(id),
        (signal) => {
          setRequests((n) => n + 1)
          if (!controller.signal.aborted) setLoad({ state: 'leading' })
          return fetch(productUrl(id, delayMs, run), { signal, cache: 'no-store' }).then(
            (response) => readJson<Product>(response),
          )
        },
        { signal: controller.signal },
      )
      if (controller.signal.aborted) return
      setLoad({
        state: 'done',
        product,
        fromAnotherTab: shared.getStats().remoteHits > remoteBefore,
        ms: Math.round(performance.now() - startedAt),
      })
    } catch (reason) {
      if (!controller.signal.aborted) setLoad({ state: 'error', error: asError(reason) })
    }
  }, [])

  return { load, loads, requests, start }
}

const subscribe = (listener: () => void) => tabsShared().subscribe(listener)
const read = () => tabsShared().getStats().remoteHits

/** Answers this tab got from another tab's request, in this run. */
export const useRemoteHits = () => useSyncExternalStore(subscribe, read, () => 0)
