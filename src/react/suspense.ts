import { join } from './call'
import type { Member } from './key-store'
import { type KeyEntry, type KeyState, keep } from './key-store'

/**
 * For `suspense: true` when the key has nothing to show: throws the error to
 * the nearest error boundary, or the key's shared promise to the nearest
 * `<Suspense>`.
 *
 * A suspended render is thrown away with its hooks, so the fetch cannot wait
 * for an effect: it starts here, once per key (the entry keeps it as
 * `pending`), and writes its answer to the entry, where the render that
 * React retries finds it (fresh, so mounting does not fetch it again). It
 * runs without a signal: no component has mounted yet that could leave.
 */
export const suspend = (entry: KeyEntry, state: KeyState, member: Member): never => {
  if (state.error !== undefined) {
    // Thrown once: a boundary reset a tick later finds no entry and fetches anew.
    keep(entry, 0)
    throw state.error
  }
  // No signal: nothing has mounted that could leave.
  entry.pending ??= join(entry, member, undefined, true)
  // Dropped after gcTime if no component of the key ever mounts.
  keep(entry, member.options.gcTime)
  throw entry.pending
}
