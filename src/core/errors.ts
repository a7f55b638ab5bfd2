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

/** Names a bad value in an error message. */
export const describe = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value

/** Validates an optional duration: absent, or a number of milliseconds ≥ 0. */
export const checkMs = (value: unknown, name: string): number | undefined => {
  if (value !== undefined && !(typeof value === 'number' && value >= 0)) {
    fail(`${name} must be a number of ms ≥ 0 (0 turns it off), got ${describe(value)}`)
  }
  return value as number | undefined
}

/** Validates a value that must be a function. */
export const checkFunction = (value: unknown, what: string): void => {
  if (typeof value !== 'function') fail(`${what} must be a function, got ${describe(value)}`)
}

/** Validates an options bag: absent, or an object. */
export const checkOptions = (value: unknown, what: string): void => {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    fail(`${what} must be an object, got ${describe(value)}`)
  }
}
