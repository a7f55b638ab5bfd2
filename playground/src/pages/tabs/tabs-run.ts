import { useSyncExternalStore } from 'react'
import { newRunId } from '../../lib/server'

/**
 * The run the "many tabs" page counts in, shared by every tab of this origin
 * through localStorage: tabs that compare one load must read one counter.
 * A tab that opens joins the current run; "New run" starts another in all
 * of them (the others hear of it through the `storage` event).
 */
const KEY = 'shared-call-playground:tabs-run'

// Where localStorage is refused (some privacy modes), the run is this tab's alone.
let own: string | undefined
const listeners = new Set<() => void>()

const stored = (): string | undefined => {
  try {
    return localStorage.getItem(KEY) ?? undefined
  } catch {
    return own
  }
}

const store = (run: string) => {
  own = run
  try {
    localStorage.setItem(KEY, run)
  } catch {
    // this tab only, then
  }
}

/** The current run, started here if no tab has started one. */
const read = (): string => {
  const run = stored()
  if (run) return run
  const started = newRunId('tabs')
  store(started)
  return started
}

const onStorage = (event: StorageEvent) => {
  if (event.key !== KEY) return
  for (const listener of listeners) listener()
}

const subscribe = (listener: () => void) => {
  if (listeners.size === 0) window.addEventListener('storage', onStorage)
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) window.removeEventListener('storage', onStorage)
  }
}

/** Starts a new run in every tab of the page (this one at once, the others by `storage` event). */
export const startNewTabsRun = () => {
  store(newRunId('tabs'))
  for (const listener of listeners) listener()
}

/** The run this tab counts in now. */
export const useTabsRun = () => useSyncExternalStore(subscribe, read, () => '')
