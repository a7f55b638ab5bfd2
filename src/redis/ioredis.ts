// ioredis: a client of one server (`new Redis()`), or a cluster (`new Cluster()`).
import { type Connection, connectOrClose, type IoRedisClient, toError } from './clients'

interface IoRedisSubscriber {
  on(event: string, listener: (...args: never[]) => void): unknown
  connect(): Promise<unknown>
  disconnect(): void
}

interface Subscribing extends IoRedisSubscriber {
  subscribe(channel: string): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
}

interface ShardSubscribing extends IoRedisSubscriber {
  ssubscribe(channel: string): Promise<unknown>
  sunsubscribe(channel: string): Promise<unknown>
}

/** Never reconnects nor queues: when it drops, the next wait makes a new one. */
const NO_RETRY = { lazyConnect: true, enableOfflineQueue: false }

const base = (client: IoRedisClient) => ({
  // 'wait' is a lazyConnect client that connects on its first command.
  ready: () => client.status === 'ready' || client.status === 'wait',
  onEnd: (listener: () => void) => client.on('end', listener),
  onReady: (listener: () => void) => client.on('ready', listener),
})

/** Connects `subscriber`, which reports its messages as `event`. */
const opened = async (
  subscriber: IoRedisSubscriber,
  event: 'message' | 'smessage',
  events: Parameters<Connection['subscriber']>[0],
) => {
  const close = () => subscriber.disconnect()
  subscriber.on(event, (_channel: string, message: string) => events.message(message))
  subscriber.on('error', (error: unknown) => events.down(toError(error)))
  subscriber.on('close', () => events.down(new Error('redis: subscriber connection closed')))
  await connectOrClose(() => subscriber.connect(), close)
  return close
}

export const ioredis = (client: IoRedisClient): Connection => ({
  ...base(client),
  cluster: false,
  command: ([command, ...args]) => client.call(command as string, ...args),
  async subscriber(events) {
    const subscriber = client.duplicate({ ...NO_RETRY, retryStrategy: () => null }) as Subscribing
    const close = await opened(subscriber, 'message', events)
    return {
      subscribe: (channel) => subscriber.subscribe(channel),
      unsubscribe: (channel) => subscriber.unsubscribe(channel),
      close,
    }
  },
})

export const ioredisCluster = (cluster: IoRedisClient): Connection => ({
  ...base(cluster),
  cluster: true,
  // ioredis finds the keys of EVAL and EVALSHA itself, and routes by their slot.
  command: ([command, ...args]) => cluster.call(command as string, ...args),
  async subscriber(events) {
    // One subscriber connection per master (ioredis 5.6's shardedSubscribers),
    // so that SSUBSCRIBE reaches the node of each channel's slot.
    const subscriber = (cluster.duplicate as (nodes: [], options: object) => unknown)([], {
      ...NO_RETRY,
      shardedSubscribers: true,
      clusterRetryStrategy: () => null,
    }) as ShardSubscribing
    const close = await opened(subscriber, 'smessage', events)
    return {
      subscribe: (channel) => subscriber.ssubscribe(channel),
      unsubscribe: (channel) => subscriber.sunsubscribe(channel),
      close,
    }
  },
})
