import { ready, revalidate, start } from './call'
import { tell } from './callbacks'
import { type KeyEntry, keep, type Member, update } from './key-store'
import { fetchesOnMount } from './mount'
import { pollFor, stopPolling, watch } from './triggers'

/**
 * Makes a mounted component a member of its key (from an effect) and
 * returns what its unmount calls. The component fetches on mount if a fetch
 * of the key is running (it joins it: one more caller), else takes the
 * answer of the fetch it suspended on, else fetches as `fetchesOnMount` says.
 *
 * Leaving waits a tick: a member that comes back within it (StrictMode's
 * double mount, a quick re-render) keeps its call, so the fetch is neither
 * aborted nor repeated.
 */
export const enter = (entry: KeyEntry, member: Member): (() => void) => {
  // Back within the tick: it stays (its batch's timer skips it).
  if (member.away !== undefined) member.away = undefined
  else {
    if (!entry.members.size) {
      clearTimeout(entry.gc)
      watch(entry.store, true)
    }
    entry.members.add(member)
    // No fetcher, or paused: it neither fetches nor joins a fetch.
    const may = ready(member)
    const fetches = may && fetchesOnMount(entry, member)
    if ((may && entry.run) || (fetches && entry.state.data === undefined)) start(entry, member)
    else if (!entry.run) {
      // With data on screen, the fetch waits a tick (SWR's waits a frame), so
      // that it does not delay the mount; then it is one fetch for every
      // component of the key that mounted meanwhile.
      if (fetches)
        entry.soon ??= setTimeout(() => {
          entry.soon = undefined
          revalidate(entry)
        })
      // It suspended on this fetch: its callbacks hear the answer, if no component's did.
      else
        entry.pending?.then(
          (data) => tell(entry, entry.shown, data),
          (error) => tell(entry, entry.shown, error, true),
        )
      // Not loading: nothing fetches yet.
      update(entry, { isValidating: false })
    }
    pollFor(entry, member)
  }
  return () => {
    // One timer for every component of the key that unmounts in this tick
    // (a list of 1000 rows: one timer, not 1000); it leaves those of them
    // still away when it fires.
    entry.leaving ??= setTimeout(() => {
      entry.leaving = undefined
      for (const other of entry.members) if (other.away === batch) leave(entry, other)
    })
    const batch = entry.leaving
    member.away = batch
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
