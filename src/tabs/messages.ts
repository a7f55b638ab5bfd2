/**
 * What tabs say to each other on the `BroadcastChannel`, about one key:
 *
 * - `result`: here is the result, keep it for `ttlMs`. The leader sends it
 *   when it publishes, and again to answer an `ask` while it keeps it.
 * - `ask`: a waiter asks whether a tab keeps the result already (it came
 *   late, or the leader's lock ended before its result arrived). Only the tab
 *   that published answers, so one `ask` brings at most one `result`.
 */
export type TabMessage =
  | { type: 'result'; key: string; bytes: Uint8Array; ttlMs: number }
  | { type: 'ask'; key: string }

/** The message in `data`, or undefined for anything else sent on the channel. */
export const readMessage = (data: unknown): TabMessage | undefined => {
  if (typeof data !== 'object' || data === null) return undefined
  const { type, key, bytes, ttlMs } = data as Record<string, unknown>
  if (typeof key !== 'string') return undefined
  if (type === 'ask') return { type, key }
  if (type === 'result' && bytes instanceof Uint8Array && typeof ttlMs === 'number' && ttlMs > 0) {
    return { type, key, bytes, ttlMs }
  }
  return undefined
}
