// node-redis (`redis` v4 or later): a client of one server, or a cluster.
import {
  type Connection,
  connectOrClose,
  type NodeRedisClient,
  type NodeRedisCluster,
  type NodeRedisSentinel,
  type SubscriberEvents,
  toError,
} from './clients'

type Listener = (message: string, channel: string) => void

interface PubSub {
  on(event: string, listener: (...args: never[]) => void): unknown
  connect(): Promise<unknown>
  destroy?(): void
  disconnect?(): Promise<unknown>
}

interface ClientPubSub extends PubSub {
  subscribe(channel: string, listener: Listener): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
}

interface ClusterPubSub extends PubSub {
  sSubscribe(channel: string, listener: Listener): Promise<unknown>
  sUnsubscribe(channel: string): Promise<unknown>
}

const closer = (subscriber: PubSub) => () => {
  if (subscriber.destroy) subscriber.destroy()
  else subscriber.disconnect?.().catch(() => {})
}

/** Connects `subscriber`, closing it when it fails or ends (`ended`: its event of that name). */
const opened = async (subscriber: PubSub, events: SubscriberEvents, ended: string) => {
  const close = closer(subscriber)
  // node-redis throws 'error' events nobody listens to; ours end the connection.
  subscriber.on('error', (error: unknown) => events.down(toError(error)))
  subscriber.on(ended, () => events.down(new Error('redis: subscriber connection closed')))
  await connectOrClose(() => subscriber.connect(), close)
  return close
}

export const nodeRedis = (client: NodeRedisClient): Connection => ({
  cluster: false,
  ready: () => client.isReady,
  command: (args) => client.sendCommand(args),
  onEnd: (listener) => client.on('end', listener),
  onReady: (listener) => client.on('ready', listener),
  async subscriber(events) {
    const subscriber = client.duplicate() as ClientPubSub
    const close = await opened(subscriber, events, 'end')
    const listener: Listener = (message) => events.message(message)
    return {
      subscribe: (channel) => subscriber.subscribe(channel, listener),
      unsubscribe: (channel) => subscriber.unsubscribe(channel),
      close,
    }
  },
})

export const nodeRedisCluster = (cluster: NodeRedisCluster): Connection => ({
  cluster: true,
  // isReady appeared in v5; v4's cluster says only whether it is open.
  ready: () => (cluster as { isReady?: boolean }).isReady ?? cluster.isOpen,
  command: (args, key) => cluster.sendCommand(key, false, args),
  onEnd: (listener) => cluster.on('disconnect', listener),
  onReady: (listener) => cluster.on('ready', listener),
  async subscriber(events) {
    // Connects to a shard's master only when a channel of its slots is subscribed.
    const subscriber = (cluster.duplicate as (options: object) => unknown)({
      minimizeConnections: true,
    }) as ClusterPubSub
    subscriber.on('node-error', (error: unknown) => events.down(toError(error)))
    const close = await opened(subscriber, events, 'disconnect')
    const listener: Listener = (message) => events.message(message)
    return {
      subscribe: (channel) => subscriber.sSubscribe(channel, listener),
      unsubscribe: (channel) => subscriber.sUnsubscribe(channel),
      close,
    }
  },
})

/**
 * A Sentinel client (`createSentinel`): it sends to the primary its
 * Sentinels name, and its own pub/sub connection follows a failover by
 * itself (resubscribed, while messages sent meanwhile are lost: waits look
 * again once it is ready). So the coordinator subscribes on it, to channels
 * only it uses (its inbox), and its `close` ends those, never the client.
 */
export const nodeRedisSentinel = (sentinel: NodeRedisSentinel): Connection => ({
  ...nodeRedis(sentinel as unknown as NodeRedisClient),
  command: (args) => sentinel.sendCommand(false, args),
  async subscriber(events) {
    const listener = (message: string) => events.message(message)
    const channels = new Set<string>()
    return {
      subscribe: (channel) => {
        channels.add(channel)
        return sentinel.subscribe(channel, listener)
      },
      unsubscribe: (channel) => {
        channels.delete(channel)
        return sentinel.unsubscribe(channel)
      },
      close: () => {
        for (const channel of channels) sentinel.unsubscribe(channel).catch(() => {})
      },
    }
  },
})
