import type { Connection, IoRedisClient, NodeRedisClient, NodeRedisCluster } from './clients'
import { ioredis, ioredisCluster } from './ioredis'
import { nodeRedis, nodeRedisCluster } from './node-redis'

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
  if (has(value, 'isReady', 'boolean')) return nodeRedis(value as NodeRedisClient)
  return undefined
}
