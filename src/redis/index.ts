import type { Coordination } from 'shared-call'
import { type CoordinatorOptions, defineCoordinator } from 'shared-call/coordinator'
import { checkKnown, checkObject, checkPositiveMs, fail } from '../core/check'
import type { RedisClient } from './clients'
import { connect } from './connect'
import { redisLeases } from './coordinator'

export type {
  IoRedisClient,
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisSentinel,
  RedisClient,
} from './clients'

/** Options of `redisCoordinator`: those of every coordinator, and how long to wait for Redis. */
export interface RedisCoordinatorOptions extends CoordinatorOptions {
  /**
   * Ms to wait for Redis to answer a command before giving up on it and
   * running the work locally. Default 1 000.
   */
  timeoutMs?: number
}

/** What `redisCoordinator` returns: the `coordinator` option of `SharedCall`, and `close`. */
export interface RedisCoordination extends Coordination {
  /**
   * Closes the coordinator's own subscriber connection (also done when your
   * client ends). Flights waiting on it fall back to local work.
   */
  close(): void
}

/** Every option of `redisCoordinator`: its own and every coordinator's. */
export const OPTIONS = [
  'timeoutMs',
  'codec',
  'leaseMs',
  'resultTtlMs',
  'shareErrors',
] as const satisfies readonly (keyof RedisCoordinatorOptions)[]

/**
 * One flight per key across every process that shares a Redis: the first to
 * take a key's lease (`SET NX PX`) runs the work and publishes the result;
 * the others wait on pub/sub and get it. A leader that dies stops renewing,
 * its lease expires and a waiter takes over. When Redis is unreachable,
 * flights fall back to local coalescing: no hang, no error the work did not
 * raise. Leases are fenced: a leader paused past its lease cannot overwrite
 * a newer result. A name's keys and channel share one hash tag:
 * `sc:{<name>}:lease`, `:result`, `:generation` and `:done`.
 *
 * Pass your connected client: node-redis (`createClient` from `redis`) or
 * ioredis (`new Redis()`). The coordinator duplicates it once for pub/sub.
 *
 * @throws TypeError when `client` is neither, or for bad options.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * import { SharedCall } from 'shared-call'
 * import { redisCoordinator } from 'shared-call/redis'
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect()
 * const shared = new SharedCall({ coordinator: redisCoordinator(redis), namespace: 'shop' })
 * ```
 */
export const redisCoordinator = (
  client: RedisClient,
  options: RedisCoordinatorOptions = {},
): RedisCoordination => {
  const connection = connect(client)
  if (!connection) {
    return fail(
      'redisCoordinator(client): client',
      'a node-redis client (createClient() from "redis") or an ioredis client (new Redis() from "ioredis")',
      client,
    )
  }
  checkKnown(
    checkObject(options, 'redisCoordinator(client, options): options'),
    'redisCoordinator options',
    OPTIONS,
  )
  const { timeoutMs = 1_000, ...rest } = options
  checkPositiveMs(timeoutMs, 'timeoutMs')
  const leases = redisLeases(connection, timeoutMs)
  const coordination = defineCoordinator(leases, rest)
  connection.onEnd(leases.close)
  return { coordinate: coordination.coordinate, close: leases.close }
}
