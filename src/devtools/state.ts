import type { InspectedKey } from 'shared-call/react'

/** What a key is doing, in the four words the panel shows. */
export type KeyStatus = 'loading' | 'error' | 'fresh' | 'stale'

/**
 * `loading` while a fetch runs; `error` when the last one failed; `fresh`
 * while components show its data (or it came for the next one to show);
 * `stale` when the next component to mount fetches it again.
 */
export const statusOf = (key: InspectedKey): KeyStatus =>
  key.isValidating
    ? 'loading'
    : key.error !== undefined
      ? 'error'
      : key.subscribers > 0 || key.fresh
        ? 'fresh'
        : 'stale'

/** `12 ms`, `3.4 s`, `5 min`. */
export const duration = (ms: number | undefined): string =>
  ms === undefined
    ? '–'
    : ms < 1000
      ? `${Math.round(ms)} ms`
      : ms < 60_000
        ? `${(ms / 1000).toFixed(1)} s`
        : `${Math.round(ms / 60_000)} min`

/** A value in one short line: JSON where it can, cut at `max` characters. */
export const preview = (value: unknown, max = 60): string => {
  let text: string
  if (value instanceof Error) text = `${value.name}: ${value.message}`
  else {
    try {
      text = JSON.stringify(value) ?? String(value)
    } catch {
      text = String(value)
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
