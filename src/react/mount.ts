import type { KeyEntry, Member } from './key-store'

/**
 * Whether a component that mounts on its key fetches it, when no fetch of
 * the key runs (one that runs, it joins). Not when the key answered within
 * the component's `dedupingInterval` (2 s by default, as SWR's), nor when
 * the key has an error its other components show (its retries own it), nor
 * when it waits for a suspended render's fetch: so a component that mounts
 * on a key already shown neither fetches nor flips `isValidating`, and a
 * tree that mounts a component once its key has loaded cannot loop.
 * Otherwise `revalidateOnMount` decides on the component's first key, then
 * `revalidateIfStale` (data from `fallback`, `preload` or a suspended render
 * is fresh; `fallbackData` counts as data).
 */
export const fetchesOnMount = (entry: KeyEntry, { options, first }: Member): boolean => {
  const { data, error } = entry.state
  const { revalidateOnMount, dedupingInterval = 2000 } = options
  return (
    !entry.pending &&
    // `<=`: with 0, a mount in the very millisecond of the answer still takes it.
    !(data !== undefined && Date.now() <= entry.answeredAt! + dedupingInterval) &&
    !(error !== undefined && entry.members.size > 1) &&
    (first && revalidateOnMount !== undefined
      ? revalidateOnMount
      : (data === undefined && options.fallbackData === undefined) ||
        (!entry.fresh && options.revalidateIfStale !== false))
  )
}
