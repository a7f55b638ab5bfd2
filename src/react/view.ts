import type { KeyEntry, KeyState } from './key-store'
import { type Mutate, mutateKey } from './mutate'
import { sameData } from './same-data'

/**
 * One component's view of its key: which of the fields it returns the
 * component has read (a bit each: 1 data, 2 isLoading, 4 error, 8
 * isValidating), and the key's state it last rendered. `useSyncExternalStore`
 * re-renders the component only when a field it read changed, as SWR does:
 * a component that reads only `data` renders once for the loading state and
 * once for the answer, whatever `isValidating` and retries do meanwhile.
 */
export interface View {
  deps: number
  /** The state it rendered: its snapshot, kept while nothing it read changes. */
  shown?: KeyState
  /** The last data it showed, for `keepPreviousData`, and its store's `unloads` then. */
  previous?: unknown
  unloads?: number
  /** It has entered a key: `revalidateOnMount` no longer applies. */
  mounted?: boolean
  /** The entry of its current key, if any. */
  entry: () => KeyEntry | undefined
  /** Its `mutate`: one function for the component's life, on its current key. */
  mutate?: Mutate<unknown>
}

const loading = (state: KeyState) => state.isValidating && state.data === undefined

/**
 * The snapshot of `view` for the key's `state`: the state it rendered while
 * the fields it read are the same in both, else `state`. (The hook renders
 * the key's current state either way, so fields it had not read are never
 * stale.) Data is compared by identity (equal answers already keep the
 * key's data, see `showData`), and, while it has none, with `fallbackData`
 * as `sameData` does, so an answer equal to what it shows renders nothing.
 * Runs for each component on each change of its key: a few comparisons, no
 * allocation.
 */
export const snapshot = (view: View, state: KeyState, fallbackData: unknown): KeyState => {
  const { deps, shown } = view
  if (
    shown &&
    !(
      (deps & 1 &&
        shown.data !== state.data &&
        (shown.data !== undefined || !sameData(fallbackData, state.data))) ||
      (deps & 2 && loading(shown) !== loading(state)) ||
      (deps & 4 && shown.error !== state.error) ||
      (deps & 8 && shown.isValidating !== state.isValidating)
    )
  )
    return shown
  view.shown = state
  return state
}

/**
 * What the hook returns: each field a getter that marks it read, so the
 * snapshot compares only what the component uses. With `keepPreviousData`,
 * `data` depends on whether the key loads too.
 */
export const respond = (
  view: View,
  data: unknown,
  { error, isValidating }: KeyState,
  keepPreviousData?: boolean,
) => {
  // One function for the component's life, on its current key, as SWR's.
  view.mutate ??= ((...args: unknown[]) => mutateKey(view.entry(), args)) as Mutate<unknown>
  return {
    get data() {
      view.deps |= keepPreviousData ? 3 : 1
      return data
    },
    get error() {
      view.deps |= 4
      return error
    },
    get isLoading() {
      view.deps |= 2
      return isValidating && data === undefined
    },
    get isValidating() {
      view.deps |= 8
      return isValidating
    },
    mutate: view.mutate,
  }
}
