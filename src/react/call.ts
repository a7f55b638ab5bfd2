import type { SharedCall } from 'shared-call'
import { entryOf, showData, showError, update } from './key-store'
import type { UseSharedCallOptions } from './options'

/**
 * One component's call of the current key. It lives as long as the key,
 * instance and generation stay the same, so a remount finds it again.
 */
export interface Slot {
  /** Makes this component leave the flight. */
  controller?: AbortController
  /** Set from the unmount until the remount: the component is not showing the key. */
  away?: ReturnType<typeof setTimeout>
}

/** The latest options of one component, read when its call answers. */
export interface Latest {
  options: UseSharedCallOptions
}

/**
 * Starts one component's call of `key` (or takes the answer of a suspended
 * render's fetch), writes its outcome to the key's entry and tells the
 * component's `onSuccess` or `onError`. The component subscribed to the key
 * before its effects ran, so the entry exists.
 */
export const call = (
  shared: SharedCall,
  key: string,
  fetcher: (signal: AbortSignal) => unknown,
  slot: Slot,
  latest: Latest,
): void => {
  const controller = new AbortController()
  slot.controller = controller
  const entry = entryOf(shared, key)
  const { stamp } = entry
  let answer = entry.pending
  if (!answer) {
    if (!entry.state.isValidating) update(entry, { isValidating: true })
    answer = shared.run(key, fetcher, { ...latest.options, signal: controller.signal })
  }
  // A callback only for an answer this component shows: not after a
  // `mutate`, not once it left the key, not for its own leaving.
  const shown = () => entry.stamp === stamp && !controller.signal.aborted
  answer.then(
    (data) => {
      if (!shown()) return
      showData(entry, data)
      if (slot.away === undefined) latest.options.onSuccess?.(data)
    },
    (error) => {
      if (!shown()) return
      showError(entry, error)
      if (slot.away === undefined) latest.options.onError?.(error)
    },
  )
}
