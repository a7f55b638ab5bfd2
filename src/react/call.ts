import { discard, emit, first, retryBy, tell, watchSlow } from './callbacks'
import { type KeyEntry, type Member, type Run, showData, update } from './key-store'
import { active } from './page'
import { retryDelay } from './retry'

/** Whether `member` may fetch now: it has a fetcher, and its `isPaused()` says go. */
export const ready = ({ fetcher, options }: Member): boolean => !!fetcher && !options.isPaused?.()

/**
 * Follows a flight joined for the key: a call that started it (`leader`, from
 * `shared.join`) opens a new run, and so does the first call of the key to
 * join a flight started elsewhere (`shared.run`, `sharedFetch` with the same
 * key); the others join the run of the flight they joined. Returns the run.
 * `quietly` (during a render) marks the key as fetching without telling its
 * components, which React forbids while rendering another one.
 */
export const track = (entry: KeyEntry, leader: boolean, quietly?: boolean): Run => {
  // The flight failed at once and already showed it: a call that joins it
  // before it ends follows that run, neither flipping isValidating nor
  // telling the error again.
  if (!leader && !entry.run && entry.thrown) return entry.thrown
  if (leader || !entry.run) {
    entry.run = {}
    // A newer fetch than the one suspended renders waited for (see `suspense.ts`).
    entry.pending = undefined
    entry.fetchedAt = Date.now()
    if (entry.state.data === undefined) watchSlow(entry, entry.run)
    if (quietly) entry.state = { ...entry.state, isValidating: true }
    else update(entry, { isValidating: true })
  }
  return entry.run
}

/**
 * Shows an answer of `run` for the key, once for the run (by the first of its
 * callers to get it), if no `mutate` or newer fetch replaced the run: its data
 * (unless `compare` finds it equal to the data shown), or its error (keeping
 * the data) and the next retry (none while the page is hidden or offline:
 * see `active`); a failure while a component's `isPaused()` says so shows
 * no error. Tells the key's `onSuccess` or `onError`, once.
 */
export const settle = (entry: KeyEntry, run: Run, value: unknown, failed?: boolean): void => {
  if (run === entry.run) {
    entry.run = undefined
    // Started while a `mutate` runs: older than what the mutation sets (SWR's
    // "async mutation case 3"), so dropped.
    if (entry.mutation) {
      update(entry, { isValidating: false })
      emit(entry, 'onDiscarded')
    } else {
      entry.shown = run
      clearTimeout(entry.retry)
      if (failed) {
        if (first(entry, 'isPaused')?.options.isPaused?.()) update(entry, { isValidating: false })
        else {
          update(entry, { error: value, isValidating: false })
          tell(entry, run, value, true)
          if (active() && !retryBy(entry, value, () => revalidate(entry))) {
            const delay = retryDelay(entry, value)
            if (delay !== undefined) entry.retry = setTimeout(() => revalidate(entry), delay)
          }
        }
      } else {
        entry.retries = 0
        entry.answeredAt = Date.now()
        // Data no component waited for is fresh for the ones that mount next.
        entry.fresh = !entry.members.size
        showData(entry, value, first(entry, 'compare')?.options.compare)
        tell(entry, run, value)
      }
    }
  }
}

/**
 * Joins the key's flight as `member` (its latest fetcher and key, its
 * `timeout` and `shareFor`), with `signal` if it has one, and follows it
 * (see `track`); its answer settles the run, unless the signal aborted
 * meanwhile. `quietly`: see `track`. Returns the caller's result.
 */
export const join = (
  entry: KeyEntry,
  member: Member,
  signal?: AbortSignal,
  quietly?: boolean,
): Promise<unknown> => {
  const { timeout, shareFor } = member.options
  let thrown: [unknown] | undefined
  const { result, leader } = entry.store.shared.join(
    entry.id,
    (signal) => {
      try {
        return member.fetcher!(signal, member.key!)
      } catch (error) {
        thrown = [error]
        throw error
      }
    },
    { timeout, shareFor, signal },
  )
  const run = track(entry, leader, quietly)
  // A fetcher that threw synchronously shows its error now, in the tick
  // that fetched (an effect, a trigger), as SWR's does: not a loading state
  // first. Not during a render (`quietly`), which may not tell components.
  if (thrown && !quietly) {
    entry.thrown = run
    settle(entry, run, thrown[0], true)
  }
  const end = (value: unknown, failed?: boolean) => {
    if (entry.thrown === run) entry.thrown = undefined
    if (!signal?.aborted) {
      // Settled: the call has nothing left to leave, so its next call, a
      // `mutate` or the unmount need not abort it (an abort costs an event
      // and an exception object, times 1000 components).
      if (member.controller?.signal === signal) member.controller = undefined
      settle(entry, run, value, failed)
    }
  }
  result.then(end, (error) => end(error, true))
  return result
}

/**
 * One component's call of its key: a caller of `shared.join` with its own
 * signal, so the stats count it and the fetch is aborted only when no
 * component waits. Leaves its previous call first.
 */
export const start = (entry: KeyEntry, member: Member): Promise<unknown> => {
  member.controller?.abort()
  member.controller = new AbortController()
  return join(entry, member, member.controller.signal)
}

/**
 * Fetches the key again for every component that shows it and may fetch
 * (see `ready`): one flight, each component a caller. Does nothing while a
 * fetch or `mutate` of the key is in progress, unless `force` (`mutate()`):
 * then the running flight is forgotten and its answer dropped. Returns the
 * first component's call, or `undefined` when no fetch started.
 */
export const revalidate = (entry: KeyEntry, force?: boolean): Promise<unknown> | undefined => {
  if (force) {
    discard(entry)
    // Nothing to dedupe against now (SWR's mutate clears it too): the next
    // mount fetches, also when no component of the key fetched here.
    entry.fresh = false
    entry.answeredAt = undefined
  } else if (entry.run || entry.mutation) return
  let call: Promise<unknown> | undefined
  for (const member of entry.members) {
    if (member.away === undefined && ready(member)) {
      const started = start(entry, member)
      call ??= started
    }
  }
  return call
}
