import { type KeyEntry, type KeyState, update } from './key-store'

/** A promise tagged with its outcome by `unwrap`. */
type Tagged = PromiseLike<unknown> & { value?: unknown; reason?: unknown }

/** Whether `value` is a promise (or any thenable). */
export const isThenable = (value: unknown): value is Tagged =>
  typeof (value as Tagged | undefined)?.then === 'function'

/**
 * Data given as a promise (`fallback: { [key]: promise }`, `fallbackData:
 * promise`, as React 19 streams a server's promises to the client): its value
 * once it resolved; until then the component suspends, and a rejection goes
 * to the nearest error boundary. The promise is thrown while pending and
 * tagged with its outcome for the render that React retries: Suspense's
 * protocol on React 18 and 19 alike. (Not React 19's `use`: a component that
 * suspended in `use` must call it in each later render, or React warns.)
 * Anything else is returned as it is.
 */
export const unwrap = (data: unknown): unknown => {
  if (!isThenable(data)) return data
  if ('value' in data) return data.value
  if ('reason' in data) throw data.reason
  data.then(
    (value) => {
      data.value = value
    },
    (reason) => {
      data.reason = reason
    },
  )
  throw data
}

/**
 * After a render that showed the key's promise (from `fallback`) once it
 * resolved: its value becomes the key's data, so that `mutate`, `compare` and
 * `refreshInterval` see the data, never the promise. Not before: the render
 * React retries after a suspension must find the promise it suspended on.
 */
export const adopt = (entry: KeyEntry | undefined, state: KeyState): void => {
  const { data } = state
  if (entry?.state === state && isThenable(data) && 'value' in data)
    update(entry, { data: data.value })
}
