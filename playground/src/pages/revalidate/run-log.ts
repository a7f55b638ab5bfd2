import { useSyncExternalStore } from 'react'

/** What happened in this page's current run, and nothing from before it. */
export interface RunLog {
  /** Requests the page sent, by why they were sent. */
  requests: { load: number; comeBack: number; focus: number }
  /** Components that showed the product in their very first render, since the last mount. */
  dataInFirstRender: number
  /** Components mounted by the last mount. */
  mounted: number
}

type Phase = keyof RunLog['requests']

const empty = (): RunLog => ({
  requests: { load: 0, comeBack: 0, focus: 0 },
  dataInFirstRender: 0,
  mounted: 0,
})

// One run at a time: the page owns this log and resets it when a run starts.
let log = empty()
let phase: Phase = 'load'
const listeners = new Set<() => void>()

const change = (next: RunLog) => {
  log = next
  for (const listener of listeners) listener()
}

/** A new run: every counter back to 0, requests counted as the first load. */
export const startRun = () => {
  phase = 'load'
  change(empty())
}

/** Requests from now on are counted as `next`; a mount starts its own count of first renders. */
export const enterPhase = (next: Phase, mounted = log.mounted) => {
  phase = next
  change({ ...log, mounted, dataInFirstRender: next === 'focus' ? log.dataInFirstRender : 0 })
}

/** One request sent by the page, counted in the current phase. */
export const countRequest = () =>
  change({ ...log, requests: { ...log.requests, [phase]: log.requests[phase] + 1 } })

/** A component had the product in its first render. */
export const countDataInFirstRender = () =>
  change({ ...log, dataInFirstRender: log.dataInFirstRender + 1 })

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
const read = () => log

/** The current run's log; re-renders on each change. */
export const useRunLog = () => useSyncExternalStore(subscribe, read, read)
