/**
 * Rejects the callers of a flight that ran longer than its `timeout`.
 * The work's signal is aborted with this error as its reason.
 *
 * @example
 * ```ts
 * import { SharedCall, TimeoutError } from 'shared-call'
 *
 * const shared = new SharedCall({ timeout: 5_000 })
 * try {
 *   await shared.run('slow', (signal) => fetch('https://example.com/slow', { signal }))
 * } catch (error) {
 *   if (error instanceof TimeoutError) console.log(`gave up after ${error.timeout} ms`)
 * }
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
