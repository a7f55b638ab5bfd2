import type { Joined, RunOptions, SharedCall, Work } from 'shared-call'
import { wrapJoin, wrapPass } from '../core/wrap-join'
import { Call } from './call'
import type { Flight } from './flight'
import { starting } from './handoff'
import { checkShared, type InstrumentOptions, resolveOptions } from './options'
import { Telemetry } from './telemetry'

/**
 * Instruments `shared` with OpenTelemetry: every call of it (`run`, `join`,
 * `group`, `sharedFetch`, the React hook and the Hono middleware that use
 * it) is counted by role, each flight is timed, and, when a tracer records,
 * the work of a flight runs in a `shared-call run` span (so what it does,
 * such as an instrumented `fetch`, is a child of it) and a follower's wait
 * is a `shared-call wait` span linked to it. Metrics and spans are listed in
 * docs/observability.md.
 *
 * Wraps the instance's `join` and `run`: the core has no hook, and an
 * instance that is not instrumented pays nothing. With a coordinator, wrap
 * it too (`instrumentCoordinator`) to count remote hits, takeovers and
 * fallbacks.
 *
 * @returns what takes the instrumentation off again.
 * @throws TypeError for anything but a `SharedCall`, or bad options.
 *
 * @example
 * ```ts
 * import { SharedCall } from 'shared-call'
 * import { instrumentSharedCall } from 'shared-call/otel'
 *
 * const shared = new SharedCall({ namespace: 'shop' })
 * instrumentSharedCall(shared, { namespace: 'shop' })
 * ```
 */
export const instrumentSharedCall = (
  shared: SharedCall,
  options?: InstrumentOptions,
): (() => void) => {
  checkShared(shared, 'instrumentSharedCall(shared): shared')
  const telemetry = new Telemetry(shared, resolveOptions(options))
  telemetry.instruments.sources.add(telemetry)
  const unwrap = wrapJoin(
    shared,
    (next) =>
      <T>(key: string, work: Work<T>, options?: RunOptions): Joined<T> => {
        // Bad work, or a caller that left before it came: the core answers it
        // (a TypeError, or a rejection) and counts nothing, and so do we.
        if (typeof work !== 'function' || options?.signal?.aborted) return next(key, work, options)
        // Counted as the stats count it, once its role is known; recounted with them.
        const call = new Call(telemetry, key)
        // Undefined until this call leads; then its Flight, or null when nothing
        // reads more than a count (see Telemetry#lead).
        let flight = undefined as Flight | null | undefined
        // The work, when this process runs it: at once inside `next` when this
        // call leads, or later when the coordinator picks this process.
        const run: Work<T> = (signal) => {
          if (flight === undefined) flight = telemetry.lead(key, call) ?? null
          return flight ? flight.run(work, signal) : work(signal)
        }
        const before = starting.handoff
        starting.handoff = undefined
        let joined: Joined<T>
        let handoff: typeof before
        try {
          joined = next(key, run, options)
        } finally {
          handoff = starting.handoff as typeof before
          starting.handoff = before
        }
        // What an adapter's recount of this call moves in the stats, it moves here too.
        const counted: Joined<T> = {
          result: joined.result,
          leader: joined.leader,
          pass: () => {
            call.move('pass')
            joined.pass()
          },
          uncount: () => {
            call.move('none')
            joined.uncount()
          },
        }
        if (!joined.leader) {
          telemetry.follow(key, call, joined.result, options?.signal)
          return counted
        }
        // Ran at once (no coordinator): its work's end is the flight's.
        const ran = flight !== undefined
        if (!ran) flight = telemetry.lead(key, call) ?? null
        if (!flight) return counted
        if (handoff) handoff.bind(flight, joined.result)
        // Under a coordinator nobody instrumented, the work may run later, or
        // elsewhere: the leading call's answer ends the flight.
        else if (!ran) flight.watch(joined.result, options?.signal)
        return counted
      },
  )
  // A call let through without a flight (the Hono middleware's credentials).
  const unwrapPass = wrapPass(shared, () => telemetry.passed())
  return () => {
    unwrap()
    unwrapPass()
    telemetry.instruments.sources.delete(telemetry)
  }
}
