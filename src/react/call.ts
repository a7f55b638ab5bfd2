import { type KeyEntry, type Member, type Run, showData, update } from './key-store'
import { retryDelay } from './retry'

/**
 * Follows a flight joined for the key: a call that started it (`leader`, from
 * `shared.join`) opens a new run, and so does the first call of the key to
 * join a flight started elsewhere (`shared.run`, `sharedFetch` with the same
 * key); the others join the run of the flight they joined. Returns the run.
 * `quietly` (during a render) marks the key as fetching without telling its
 * components, which React forbids while rendering another one.
 */
export const track = (entry: KeyEntry, leader: boolean, quietly?: boolean): Run => {
  if (leader || !entry.run) {
    entry.run = {}
    // A newer fetch than the one suspended renders waited for (see `suspense.ts`).
    entry.pending = undefined
    if (quietly) entry.state = { ...entry.state, isValidating: true }
    else update(entry, { isValidating: true })
  }
  return entry.run
}

/**
 * Shows an answer of `run` for the key, once for the run (by the first of its
 * callers to get it), if no `mutate` or newer fetch replaced the run: its data,
 * or its error (keeping the data) and the next retry. Returns whether the
 * answer is the one the key shows, so that each caller of it may tell its
 * component.
 */
export const settle = (entry: KeyEntry, run: Run, value: unknown, failed?: boolean): boolean => {
  if (run === entry.run) {
    entry.run = undefined
    // Started while a `mutate` runs: older than what the mutation sets (SWR's
    // "async mutation case 3"), so dropped.
    if (entry.mutation) update(entry, { isValidating: false })
    else {
      entry.shown = run
      clearTimeout(entry.retry)
      if (failed) {
        update(entry, { error: value, isValidating: false })
        const delay = retryDelay(entry, value)
        if (delay !== undefined) entry.retry = setTimeout(() => revalidate(entry), delay)
      } else {
        entry.retries = 0
        entry.answeredAt = Date.now()
        // Data no component waited for is fresh for the ones that mount next.
        entry.fresh = !entry.members.size
        showData(entry, value)
      }
    }
  }
  return run === entry.shown
}

/** Tells the component's latest `onSuccess` or `onError` of an answer, unless it is leaving. */
export const tell = (member: Member, value: unknown, failed?: boolean): void => {
  if (member.away === undefined)
    (failed ? member.options.onError : member.options.onSuccess)?.(value)
}

/**
 * One component's call of its key: a caller of `shared.join` with its own
 * signal, so the stats count it and the fetch is aborted only when no
 * component waits. Leaves its previous call first. Tells the component's
 * latest `onSuccess` or `onError` of an answer the key shows, unless it is
 * leaving.
 */
export const start = (entry: KeyEntry, member: Member): Promise<unknown> => {
  member.controller?.abort()
  const controller = new AbortController()
  member.controller = controller
  const { signal } = controller
  const { timeout, shareFor } = member.options
  const { result, leader } = entry.store.shared.join(entry.id, member.fetcher, {
    timeout,
    shareFor,
    signal,
  })
  const run = track(entry, leader)
  result.then(
    (data) => !signal.aborted && settle(entry, run, data) && tell(member, data),
    (error) => !signal.aborted && settle(entry, run, error, true) && tell(member, error, true),
  )
  return result
}

/**
 * Fetches the key again for every component that shows it: one flight, each
 * component a caller. Does nothing while a fetch or `mutate` of the key is in
 * progress, unless `force` (`mutate()`): then the running flight is
 * forgotten and its answer dropped. Returns the first component's call, or
 * `undefined` when no fetch started.
 */
export const revalidate = (entry: KeyEntry, force?: boolean): Promise<unknown> | undefined => {
  if (force) {
    entry.store.shared.forget(entry.id)
    entry.run = entry.pending = undefined
    entry.fresh = false
  } else if (entry.run || entry.mutation) return
  let first: Promise<unknown> | undefined
  for (const member of entry.members) {
    if (member.away === undefined) {
      const call = start(entry, member)
      first ??= call
    }
  }
  return first
}
