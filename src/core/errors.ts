/**
 * Rejects the callers of a flight that ran longer than its `timeout`.
 * The work's signal is aborted with this error as its reason.
 *
 * @example
 * ```ts
 * try { await shared.run('slow', work) } catch (e) { if (e instanceof TimeoutError) retryLater() }
 * ```
 */
export class TimeoutError extends Error {
  /** How long the flight was allowed to run, in milliseconds. */
  readonly timeout: number
  constructor(key: string, timeout: number) {
    super(`shared-call: "${key}" did not settle within ${timeout} ms`)
    this.name = 'TimeoutError'
    this.timeout = timeout
  }
}

/** Throws the `TypeError` every public function uses for bad input. */
export const fail = (message: string): never => {
  throw new TypeError(`shared-call: ${message}`)
}

/** Returns `value` if `ok`, else throws "`name` must be `expected`, got <what it was>". */
export const check = <T>(value: T, ok: boolean, name: string, expected: string): T =>
  ok
    ? value
    : fail(
        `${name} must be ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value}`,
      )

/** An optional duration: absent, or a number of milliseconds ≥ 0 (0 turns it off). */
export const checkMs = (value: unknown, name: string): number | undefined =>
  check(
    value as number | undefined,
    value === undefined || (typeof value === 'number' && value >= 0),
    name,
    'a number of ms ≥ 0',
  )

/** An optional options bag. */
export const checkBag = <T>(value: T, name: string): T =>
  check(
    value,
    value === undefined || (typeof value === 'object' && value !== null),
    name,
    'an object',
  )
