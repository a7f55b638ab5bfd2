import type { Coordination, CoordinationEvent } from 'shared-call'
import { check } from '../core/check'
import { Handoff, starting } from './handoff'

/**
 * Instruments a coordinator (`redisCoordinator`, `durableCoordinator`,
 * `tabsCoordinator`, or one made by `defineCoordinator`) for an instance
 * instrumented with `instrumentSharedCall`: a flight another process
 * answered counts as `remote` (not `leader`), and takeovers and fallbacks
 * are counted and marked on the flight's span. Everything else about the
 * coordinator (its `close`, its options) stays as it was.
 *
 * @throws TypeError for anything but a coordinator.
 *
 * @example
 * ```ts no-run
 * import { createClient } from 'redis'
 * import { SharedCall } from 'shared-call'
 * import { instrumentCoordinator, instrumentSharedCall } from 'shared-call/otel'
 * import { redisCoordinator } from 'shared-call/redis'
 *
 * const redis = await createClient().connect()
 * const coordinator = instrumentCoordinator(redisCoordinator(redis))
 * const shared = new SharedCall({ coordinator, namespace: 'shop' })
 * instrumentSharedCall(shared, { namespace: 'shop' })
 * ```
 */
export const instrumentCoordinator = <C extends Coordination>(coordination: C): C => {
  check(
    typeof coordination?.coordinate === 'function',
    'instrumentCoordinator(coordinator): coordinator',
    "made by defineCoordinator from 'shared-call/coordinator' (or redisCoordinator, durableCoordinator, tabsCoordinator)",
    coordination,
  )
  return {
    ...coordination,
    coordinate(name, work, onRemoteHit, onEvent) {
      const handoff = new Handoff()
      starting.handoff = handoff
      const fleetWork = coordination.coordinate(
        name,
        work,
        () => {
          if (handoff.flight) handoff.flight.remote = true
          onRemoteHit()
        },
        (event: CoordinationEvent) => {
          handoff.flight?.event(event)
          onEvent?.(event)
        },
      )
      return (signal) => {
        const promise = fleetWork(signal)
        handoff.promise = promise
        handoff.signal = signal
        return promise
      }
    },
  }
}
