import type { SharedCall } from 'shared-call'
import { dropLater, entryOf, type KeyState, showData, showError } from './key-store'
import type { UseSharedCallOptions } from './options'

/**
 * For `suspense: true` when the key has nothing to show: throws the error to
 * the nearest error boundary, or the key's shared promise to the nearest
 * `<Suspense>`.
 *
 * A suspended render is thrown away with its hooks, so the fetch cannot wait
 * for an effect: it starts here, once per key (the entry keeps it as
 * `pending`), and writes its answer to the entry, where the render that
 * React retries finds it. It runs without a signal: no component has mounted
 * yet that could leave.
 */
export const suspend = (
  shared: SharedCall,
  key: string,
  state: KeyState,
  fetcher: (signal: AbortSignal) => unknown,
  options: UseSharedCallOptions,
): never => {
  const entry = entryOf(shared, key)
  if (state.error !== undefined) {
    // Thrown once: a boundary reset a tick later finds no entry and fetches anew.
    dropLater(shared, key, entry)
    throw state.error
  }
  if (!entry.pending) {
    const { stamp } = entry
    entry.pending = shared.run(key, fetcher, options)
    entry.pending.then(
      (data) => entry.stamp === stamp && showData(entry, data),
      (error) => entry.stamp === stamp && showError(entry, error),
    )
  }
  throw entry.pending
}
