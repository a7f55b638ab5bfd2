import type { Work as CoordinatedWork, Coordination } from 'shared-call'
import { jsonCodec } from './json-codec'
import type { Coordinator, CoordinatorOptions, Lease } from './types'

/** Rounds of lead-then-wait before a flight gives up on the coordinator. */
const ROUNDS = 5

const fail = (message: string): never => {
  throw new TypeError(`shared-call: ${message}`)
}

const isMs = (value: unknown) => value === undefined || (typeof value === 'number' && value > 0)

/**
 * Turns the three answers of a coordinator into what `SharedCall` takes as
 * its `coordinator` option. Across all processes one runs the work of a key:
 * each local flight leads, or waits for the leader's result; a waiter whose
 * leader vanished tries to lead. Any failure of the coordinator falls back to
 * running the work here: never a hang, never an error the work did not raise.
 *
 * @throws TypeError for an implementation without lead, publish and wait, or bad options.
 *
 * @example
 * ```ts
 * const shared = new SharedCall({ coordinator: defineCoordinator({ lead, publish, wait }), namespace: 'shop' })
 * ```
 */
export const defineCoordinator = (
  coordinator: Coordinator,
  options: CoordinatorOptions = {},
): Coordination => {
  const { lead, publish, wait } = coordinator ?? {}
  if (typeof lead !== 'function' || typeof publish !== 'function' || typeof wait !== 'function') {
    fail('defineCoordinator(coordinator): coordinator must have lead, publish and wait methods')
  }
  const { codec = jsonCodec, leaseMs = 10_000, resultTtlMs = 5_000 } = options
  if (typeof codec?.encode !== 'function' || typeof codec.decode !== 'function') {
    fail('codec must be an object with encode and decode')
  }
  if (!isMs(leaseMs) || !isMs(resultTtlMs))
    fail('leaseMs and resultTtlMs must be numbers of ms > 0')

  const runLeading = async <T>(
    key: string,
    work: CoordinatedWork<T>,
    signal: AbortSignal,
    lease: Lease,
  ) => {
    // A leader that dies stops renewing: its lease expires and a waiter takes over.
    const renewal = setInterval(() => lease.renew().catch(() => {}), leaseMs / 3)
    try {
      const value = await work(signal)
      let bytes: Uint8Array
      try {
        bytes = codec.encode(value)
      } catch (error) {
        // Encoded whole or not at all: followers never see half a result.
        return fail(
          `the result of "${key}" cannot be encoded (${(error as Error).message}); return plain data or pass a codec`,
        )
      }
      await coordinator.publish(key, bytes, resultTtlMs).catch(() => {})
      return value
    } finally {
      clearInterval(renewal)
      lease.release().catch(() => {})
    }
  }

  return {
    coordinate: (key, work, onRemoteHit) => async (signal) => {
      for (let round = 0; round < ROUNDS; round++) {
        let lease: Lease | undefined
        try {
          lease = await coordinator.lead(key, leaseMs)
        } catch {
          break
        }
        if (lease) return runLeading(key, work, signal, lease)
        let result: Uint8Array | undefined
        try {
          result = await coordinator.wait(key, signal)
        } catch (error) {
          if (signal.aborted) throw error
          break
        }
        if (result) {
          onRemoteHit()
          return codec.decode(result) as Awaited<ReturnType<typeof work>>
        }
      }
      return work(signal)
    },
  }
}
