/**
 * What tabs say to each other on the `BroadcastChannel`, about one flight
 * name. Messages carry bytes only: who leads, which generation runs and
 * which results are kept is read from the Web Locks (lock-names.ts), which
 * every tab of the origin sees the same.
 *
 * - `result`: the result of `generation`. The leader sends it when it
 *   publishes, and again to answer an `ask` while it keeps it.
 * - `ask`: a tab wants the result of `generation`, which a snapshot says a
 *   tab keeps. Only the tab that published it answers.
 */
export type TabMessage =
  | { type: 'result'; name: string; generation: number; bytes: Uint8Array }
  | { type: 'ask'; name: string; generation: number }

/** The message in `data`, or undefined for anything else sent on the channel. */
export const readMessage = (data: unknown): TabMessage | undefined => {
  if (typeof data !== 'object' || data === null) return undefined
  const { type, name, generation, bytes } = data as Record<string, unknown>
  if (typeof name !== 'string' || !Number.isSafeInteger(generation)) return undefined
  const g = generation as number
  if (type === 'ask') return { type, name, generation: g }
  if (type === 'result' && bytes instanceof Uint8Array) return { type, name, generation: g, bytes }
  return undefined
}
