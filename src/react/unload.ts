import type { SharedCall } from 'shared-call'
import { revalidate } from './call'
import { abandon } from './callbacks'
import { instanceFirst } from './global'
import { storeOf, update } from './key-store'
import { aBoolean, checkEach } from './options'

/** Options of `unload`. */
export interface UnloadOptions {
  /** Fetch each key that components show again, once for all of them. Default `true`. */
  revalidate?: boolean
}

/**
 * Empties the hooks' cache of `shared` (default: `defaultSharedCall`), as
 * SWR's `unload` does: what an app calls on sign-out, so that nothing of
 * the user who left is shown to the next. Every key's data and error go,
 * and so does the previous key's data a `keepPreviousData` component kept;
 * a fetch or `mutate` still running is dropped (its answer is never shown,
 * `onDiscarded` is told, and a fetch its components waited for alone is
 * aborted); keys no component shows are deleted. Then each
 * key that components show is fetched again, unless `revalidate: false`
 * (they show no data).
 *
 * @example
 * ```ts
 * await signOut()
 * unload() // or unload({ revalidate: false }) when the page is about to go
 * ```
 * @throws TypeError for bad options.
 */
export function unload(options?: UnloadOptions): void
export function unload(shared: SharedCall, options?: UnloadOptions): void
export function unload(...all: unknown[]): void {
  const [shared, options] = instanceFirst(all) as [SharedCall, UnloadOptions | undefined]
  if (options !== undefined) checkEach(options, 'unload options', { revalidate: aBoolean })
  const store = storeOf(shared)
  // A component's `keepPreviousData` data from before now is not shown again.
  store.unloads++
  const shown = []
  for (const entry of [...store.entries.values()]) {
    abandon(entry)
    clearTimeout(entry.retry)
    entry.mutation = entry.committed = undefined
    entry.retries = 0
    entry.answeredAt = undefined
    entry.fresh = false
    if (entry.members.size) {
      update(entry, { data: undefined, error: undefined, isValidating: false })
      shown.push(entry)
    } else {
      clearTimeout(entry.gc)
      store.entries.delete(entry.id)
    }
  }
  // Last, so that the cleared state is what every fetch starts from.
  if (options?.revalidate !== false) for (const entry of shown) revalidate(entry, true)
}
