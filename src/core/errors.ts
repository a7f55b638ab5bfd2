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

/** Validates an optional duration option: undefined, or a number ≥ 0. */
export const checkMs = (value: unknown, name: string): number | undefined => {
  if (value !== undefined && !((value as number) >= 0)) {
    fail(`${name} must be a number of milliseconds ≥ 0 (0 turns it off), got ${String(value)}`)
  }
  return value as number | undefined
}
