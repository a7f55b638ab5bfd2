import type { Work } from 'shared-call'
import type { Outcome } from './envelope'

/**
 * This process's run of a flight's work, started at most once: when it
 * leads, or when the coordinator fails it. Its signal aborts with the
 * flight's (every local caller left, or a timeout), and also when the flight
 * was answered by a newer one while the work still ran (a leader that lost
 * its lease): nobody can use its result then.
 */
export class OwnWork<T> {
  #outcome: Promise<Outcome<T>> | undefined
  #controller: AbortController | undefined
  #done = false

  constructor(
    private readonly work: Work<T>,
    private readonly signal: AbortSignal,
  ) {}

  /** The outcome, once the work has started; undefined before. */
  get started(): Promise<Outcome<T>> | undefined {
    return this.#outcome
  }

  /** Starts the work unless it runs already; resolves its outcome, never rejects. */
  start(): Promise<Outcome<T>> {
    if (this.#outcome) return this.#outcome
    const { signal } = this
    const controller = new AbortController()
    this.#controller = controller
    const forward = () => controller.abort(signal.reason)
    if (signal.aborted) forward()
    else signal.addEventListener('abort', forward, { once: true })
    let result: T | PromiseLike<T>
    try {
      result = this.work(controller.signal)
    } catch (error) {
      result = Promise.reject(error)
    }
    this.#outcome = Promise.resolve(result).then(
      (value): Outcome<T> => this.#end({ ok: true, value }, forward),
      (error): Outcome<T> => this.#end({ ok: false, error }, forward),
    )
    return this.#outcome
  }

  /** No local caller can use the work any more: aborts it if it still runs. */
  abandon(): void {
    if (!this.#done) this.#controller?.abort()
  }

  #end(outcome: Outcome<T>, forward: () => void): Outcome<T> {
    this.#done = true
    this.signal.removeEventListener('abort', forward)
    return outcome
  }
}
