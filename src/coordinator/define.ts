import type { Coordination, CoordinationEvent, Work } from 'shared-call'
import { check, checkKnown, checkObject, checkPositiveMs, describe } from '../core/check'
import { decodeOutcome, encodeError, encodeValue, type Outcome } from './envelope'
import { jsonCodec } from './json-codec'
import { checkName, keyOf } from './name'
import { OwnWork } from './own-work'
import type { Coordinator, CoordinatorOptions, Lease, Result } from './types'

/** Leads and waits a flight makes before it gives up on the coordinator and runs the work here. */
const ROUNDS = 5

const ignore = () => {}

const settle = <T>(outcome: Outcome<T>): T => {
  if (outcome.ok) return outcome.value
  throw outcome.error
}

/**
 * Where a wait or a stored result leaves a flight: answered (by another
 * process, or by this one's own work), `ended` (the lease it followed ended
 * without a result: lead again), or `failed` (the coordinator failed, or
 * its bytes could not be read: run the work here).
 */
type Step<T> = { outcome: Outcome<T>; remote: boolean } | 'ended' | 'failed'

/** Every option of `defineCoordinator`. */
export const OPTIONS = [
  'codec',
  'leaseMs',
  'resultTtlMs',
  'shareErrors',
] as const satisfies readonly (keyof CoordinatorOptions)[]

/**
 * Turns a coordinator into what `SharedCall` takes as its `coordinator`
 * option. Across all processes one runs the work of a flight: each local
 * flight leads, or waits for the leader's outcome; a waiter whose leader
 * vanished leads next. Any failure of the coordinator, and bytes it cannot
 * read, fall back to running the work here: never a hang, never an error the
 * work did not raise.
 *
 * - **Fencing.** The leader publishes only while its lease holds (the store
 *   checks). A leader that learns from a renewal that its lease was lost (it
 *   was paused past it) publishes nothing and follows the newer flight: its
 *   callers get whichever comes first, the newer flight's outcome (and its
 *   own work is then aborted, as no caller can use it) or its own work's.
 *   If no flight is running nor kept by then and it leads again, it aborts
 *   that run and starts the work afresh: a value is published only under
 *   the lease its run started under.
 * - **Errors** are shared like values (see `shareErrors`), except when this
 *   process aborted the work itself (every local caller left, or the flight
 *   timed out): then it lets go, and a waiting process runs the work.
 * - **A value the codec cannot encode** fails the flight everywhere with a
 *   TypeError that names the codec: followers never see half a result.
 *
 * @throws TypeError for a coordinator without `lead` and `wait`, or bad options.
 *
 * @example
 * ```ts fragment
 * const shared = new SharedCall({ coordinator: defineCoordinator({ lead, wait }), namespace: 'shop' })
 * ```
 */
export const defineCoordinator = (
  coordinator: Coordinator,
  options: CoordinatorOptions = {},
): Coordination => {
  check(
    typeof coordinator?.lead === 'function' && typeof coordinator.wait === 'function',
    'coordinator',
    'an object with lead(name, leaseMs, waited) and wait(name, generation, signal) methods',
    coordinator,
  )
  checkKnown(checkObject(options, 'coordinator options'), 'coordinator options', OPTIONS)
  const { codec = jsonCodec, leaseMs = 10_000, resultTtlMs = 5_000, shareErrors = true } = options
  check(
    typeof codec?.encode === 'function' && typeof codec.decode === 'function',
    'codec',
    'an object with encode(value) and decode(bytes) methods',
    codec,
  )
  checkPositiveMs(leaseMs, 'leaseMs')
  checkPositiveMs(resultTtlMs, 'resultTtlMs')
  check(typeof shareErrors === 'boolean', 'shareErrors', 'a boolean', shareErrors)

  const fromResult = <T>(result: Result): Step<T> => {
    const outcome = decodeOutcome(codec, result.bytes) as Outcome<T> | undefined
    return outcome ? { outcome, remote: true } : 'failed'
  }

  /** What the leader publishes for `outcome` (undefined: nothing), and what its own callers get. */
  const encode = (name: string, outcome: Outcome): [Outcome, Uint8Array | undefined] => {
    if (!outcome.ok) return [outcome, shareErrors ? encodeError(outcome.error) : undefined]
    try {
      return [outcome, encodeValue(codec, outcome.value)]
    } catch (cause) {
      const error = new TypeError(
        `shared-call: the result of ${JSON.stringify(keyOf(name))} must be something the codec can encode (${(cause as Error)?.message}): return plain data or pass a codec, got ${describe(outcome.value)}`,
      )
      return encode(name, { ok: false, error })
    }
  }

  /**
   * Runs the work under `lease`, renewing it every `leaseMs / 3`. Resolves
   * the outcome once the work settled and was published (or let go), or
   * undefined as soon as a renewal says the lease was lost: the work goes on
   * and the flight looks for a newer one.
   */
  const hold = async <T>(
    name: string,
    lease: Lease,
    own: OwnWork<T>,
    signal: AbortSignal,
  ): Promise<Outcome<T> | undefined> => {
    let lost = ignore
    const lostLease = new Promise<undefined>((resolve) => {
      lost = () => resolve(undefined)
    })
    // A leader that dies stops renewing: its lease expires and a waiter takes over.
    const renewal = setInterval(() => {
      lease.renew().then((held) => held || lost(), ignore)
    }, leaseMs / 3)
    try {
      const settled = await Promise.race([own.start(), lostLease])
      if (!settled) return undefined
      // A failure after this process aborted the work (every local caller
      // left, or a timeout) is its own doing, not the work's: another process
      // should run it. A value is a value: the waiters elsewhere still get it.
      const [outcome, bytes] = signal.aborted && !settled.ok ? [settled] : encode(name, settled)
      const published =
        bytes !== undefined && (await lease.publish(bytes, resultTtlMs).catch(() => false))
      if (!published) lease.release().catch(ignore)
      return outcome as Outcome<T>
    } finally {
      clearInterval(renewal)
    }
  }

  /** Waits for flight `generation`, or for this process's own work if it already runs (a lost lease). */
  const follow = async <T>(
    name: string,
    generation: number,
    own: OwnWork<T>,
    signal: AbortSignal,
  ): Promise<Step<T>> => {
    const stop = new AbortController()
    const leave = () => stop.abort(signal.reason)
    signal.addEventListener('abort', leave, { once: true })
    if (signal.aborted) leave()
    try {
      const waited = coordinator.wait(name, generation, stop.signal).then(
        (result): Step<T> => (result ? fromResult<T>(result) : 'ended'),
        (): Step<T> => 'failed',
      )
      const running = own.started
      if (!running) return await waited
      return await Promise.race([
        waited,
        running.then((outcome): Step<T> => ({ outcome, remote: false })),
      ])
    } finally {
      signal.removeEventListener('abort', leave)
      stop.abort()
    }
  }

  const fly = async <T>(
    name: string,
    work: Work<T>,
    signal: AbortSignal,
    onRemoteHit: () => void,
    onEvent: (event: CoordinationEvent) => void = ignore,
  ): Promise<T> => {
    let own = new OwnWork(work, signal)
    try {
      let waited: number | undefined
      for (let round = 0; round < ROUNDS && !signal.aborted; round++) {
        let step: Step<T>
        try {
          const led = await coordinator.lead(name, leaseMs, waited)
          if ('lease' in led) {
            if (waited !== undefined) onEvent('takeover')
            // A run started under a lease this process lost may be older than
            // a flight that came and went meanwhile: never publish it under a
            // new lease. Start afresh; nobody can use the old run now.
            if (own.started) {
              own.abandon()
              own = new OwnWork(work, signal)
            }
            const outcome = await hold(name, led.lease, own, signal)
            if (!outcome) {
              waited = led.lease.generation
              continue
            }
            step = { outcome, remote: false }
          } else if ('result' in led) step = fromResult(led.result)
          else {
            step = await follow(name, led.following, own, signal)
            waited = led.following
          }
        } catch {
          break
        }
        if (step === 'failed') break
        if (step === 'ended') continue
        if (step.remote) onRemoteHit()
        return settle(step.outcome)
      }
      if (signal.aborted) throw signal.reason
      // Already running when this process lost its lease: not a fallback.
      if (!own.started) onEvent('fallback')
      return settle(await own.start())
    } finally {
      // Answered by a newer flight while this one's work still runs: nobody can use it.
      own.abandon()
    }
  }

  return {
    coordinate: <T>(
      name: string,
      work: Work<T>,
      onRemoteHit: () => void,
      onEvent?: (event: CoordinationEvent) => void,
    ): Work<T> => {
      try {
        checkName(name)
      } catch (error) {
        return () => Promise.reject(error)
      }
      return (signal) => fly(name, work, signal, onRemoteHit, onEvent)
    },
  }
}
