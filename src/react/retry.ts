import { MAX_MS } from '../core/check'
import { type KeyEntry, least } from './key-store'
import type { Options } from './options'

/** Whether a component of the key wants a retry after `error`. */
export const wants = ({ shouldRetryOnError }: Options, error: unknown) =>
  typeof shouldRetryOnError === 'function'
    ? shouldRetryOnError(error)
    : shouldRetryOnError !== false

/**
 * Milliseconds until the key's next retry after `error`, or `undefined` when
 * it should not retry: no mounted component wants one, or they have had
 * `errorRetryCount`. Exponential backoff with jitter, as SWR and AWS's
 * guidance do: `errorRetryInterval × 2^n` (n capped at 8), scaled by a random
 * 0.5–1.5, so that the clients of a service that comes back don't all return
 * at once. One chain per key: every component of it shares these retries.
 */
export const retryDelay = (entry: KeyEntry, error: unknown): number | undefined => {
  const interval = least(entry, (o) => wants(o, error) && (o.errorRetryInterval ?? 5000))
  const count = least(entry, (o) => wants(o, error) && (o.errorRetryCount ?? Infinity))
  if (interval === undefined || entry.retries >= count!) return
  const backoff = 2 ** Math.min(entry.retries++, 8) * (0.5 + Math.random())
  return Math.min(interval * backoff, MAX_MS)
}
