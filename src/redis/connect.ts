import type {
  Connection,
  IoRedisClient,
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisSentinel,
} from './clients'
import { ioredis, ioredisCluster } from './ioredis'
import { nodeRedis, nodeRedisCluster, nodeRedisSentinel } from './node-redis'

const has = (value: object, name: string, type: string) =>
  typeof (value as Record<string, unknown>)[name] === type

/** Which client `value` is, or undefined for none of them. */
export const connect = (value: unknown): Connection | undefined => {
  if (value === null || typeof value !== 'object' || !has(value, 'duplicate', 'function'))
    return undefined
  if (!has(value, 'on', 'function')) return undefined
  if (has(value, 'call', 'function') && has(value, 'status', 'string')) {
    const client = value as IoRedisClient
    return (value as { isCluster?: unknown }).isCluster === true
      ? ioredisCluster(client)
      : ioredis(client)
  }
  if (!has(value, 'sendCommand', 'function')) return undefined
  // A cluster's sendCommand routes by a first key; it alone has nodeClient.
  if (has(value, 'nodeClient', 'function') && has(value, 'isOpen', 'boolean'))
    return nodeRedisCluster(value as NodeRedisCluster)
  if (!has(value, 'isReady', 'boolean')) return undefined
  // A Sentinel client's sendCommand takes isReadonly first; it alone has getSentinelNode.
  return has(value, 'getSentinelNode', 'function')
    ? nodeRedisSentinel(value as NodeRedisSentinel)
    : nodeRedis(value as NodeRedisClient)
}
