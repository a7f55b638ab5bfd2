import { ready, start } from './call'
import { tell } from './callbacks'
import { type KeyEntry, keep, type Member, update } from './key-store'
import { pollFor, stopPolling, watch } from './triggers'

/**
 * Makes a mounted component a member of its key (from an effect) and
 * returns what its unmount calls. The component fetches on mount if a fetch
 * of the key is running (it joins it: one more caller), else takes the
 * answer of the fetch it suspended on, else fetches as `revalidateOnMount` /
 * `revalidateIfStale` say.
 *
 * Leaving waits a tick: a member that comes back within it (StrictMode's
 * double mount, a quick re-render) keeps its call, so the fetch is neither
 * aborted nor repeated.
 */
export const enter = (entry: KeyEntry, member: Member): (() => void) => {
  if (member.away !== undefined) {
    clearTimeout(member.away)
    member.away = undefined
  } else {
    if (!entry.members.size) {
      clearTimeout(entry.gc)
      watch(entry.store, true)
    }
    entry.members.add(member)
    const { revalidateOnMount, revalidateIfStale } = member.options
    if (
      ready(member) &&
      (entry.run ||
        (!entry.pending &&
          !entry.mutation &&
          (revalidateOnMount ??
            (entry.state.data === undefined || (!entry.fresh && revalidateIfStale !== false)))))
    )
      start(entry, member)
    else if (!entry.run) {
      // Not loading: nothing fetches (`revalidateOnMount: false`, fresh data,
      // no fetcher, paused).
      update(entry, { isValidating: false })
      // It suspended on this fetch: its callbacks hear the answer, if no component's did.
      entry.pending?.then(
        (data) => tell(entry, entry.shown, data),
        (error) => tell(entry, entry.shown, error, true),
      )
    }
    pollFor(entry, member)
  }
  return () => {
    member.away = setTimeout(() => leave(entry, member))
  }
}

/**
 * The member is gone: it leaves its call (the fetch aborts if nobody else
 * waits). With the last member, the key's retries and refreshes stop, its
 * data is no longer fresh, and it is kept for `gcTime`, counted from now.
 */
const leave = (entry: KeyEntry, member: Member) => {
  // Undefined again, so that a member React shows again later (`<Activity>`) enters anew.
  member.away = undefined
  member.controller?.abort()
  entry.members.delete(member)
  if (entry.members.size) return
  clearTimeout(entry.retry)
  stopPolling(entry)
  entry.retries = 0
  entry.fresh = false
  entry.pending = undefined
  watch(entry.store, false)
  keep(entry, member.options.gcTime)
}
