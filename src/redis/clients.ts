/**
 * The part of a node-redis client (`createClient` from `redis`, v4 or later)
 * that the coordinator uses. Pass the client itself, connected.
 */
export interface NodeRedisClient {
  readonly isReady: boolean
  sendCommand(args: string[]): Promise<unknown>
  duplicate(): unknown
  on(event: 'end', listener: (...args: unknown[]) => void): unknown
}

/** The part of an ioredis client (`new Redis()` from `ioredis`) that the coordinator uses. */
export interface IoRedisClient {
  readonly status: string
  call(command: string, ...args: string[]): Promise<unknown>
  duplicate(override?: object): unknown
  on(event: 'end', listener: (...args: unknown[]) => void): unknown
}

/** A Redis client the coordinator accepts: node-redis or ioredis. */
export type RedisClient = NodeRedisClient | IoRedisClient

/** What the subscriber connection reports. */
export interface SubscriberEvents {
  message(channel: string, message: string): void
  /** The connection failed or closed: its subscriptions are gone. */
  down(error: Error): void
}

/** A connection of its own for pub/sub, made by duplicating the user's client. */
export interface Subscriber {
  subscribe(channel: string): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  close(): void
}

/** node-redis and ioredis behind the same few calls. */
export interface Connection {
  /** False while the client is disconnected or reconnecting: then we fail at once, never queue. */
  ready(): boolean
  command(args: string[]): Promise<unknown>
  subscriber(events: SubscriberEvents): Promise<Subscriber>
  /** Calls `listener` when the user's client is closed for good. */
  onEnd(listener: () => void): void
}

type Events = { on(event: string, listener: (...args: never[]) => void): unknown }

interface NodeRedisSubscriber extends Events {
  connect(): Promise<unknown>
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  destroy?(): void
  disconnect?(): Promise<unknown>
}

interface IoRedisSubscriber extends Events {
  connect(): Promise<unknown>
  subscribe(channel: string): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  disconnect(): void
}

const has = (value: object, name: string, type: string) =>
  typeof (value as Record<string, unknown>)[name] === type

/** Which client `value` is, or undefined for neither. */
export const connect = (value: unknown): Connection | undefined => {
  if (value === null || typeof value !== 'object' || !has(value, 'duplicate', 'function'))
    return undefined
  if (!has(value, 'on', 'function')) return undefined
  if (has(value, 'call', 'function') && has(value, 'status', 'string'))
    return ioredis(value as IoRedisClient)
  if (has(value, 'sendCommand', 'function') && has(value, 'isReady', 'boolean'))
    return nodeRedis(value as NodeRedisClient)
  return undefined
}

const toError = (error: unknown) =>
  error instanceof Error ? error : new Error(`redis: ${String(error)}`)

/** Connects a subscriber; one that fails to connect is closed, not left retrying. */
const connectOrClose = async (connect: () => Promise<unknown>, close: () => void) => {
  try {
    await connect()
  } catch (error) {
    close()
    throw error
  }
}

const nodeRedis = (client: NodeRedisClient): Connection => ({
  ready: () => client.isReady,
  command: (args) => client.sendCommand(args),
  onEnd: (listener) => client.on('end', listener),
  async subscriber(events) {
    const subscriber = client.duplicate() as NodeRedisSubscriber
    const close = () => {
      if (subscriber.destroy) subscriber.destroy()
      else subscriber.disconnect?.().catch(() => {})
    }
    // node-redis throws 'error' events nobody listens to; ours end the connection.
    subscriber.on('error', (error: unknown) => events.down(toError(error)))
    subscriber.on('end', () => events.down(new Error('redis: subscriber connection closed')))
    await connectOrClose(() => subscriber.connect(), close)
    return {
      subscribe: (channel) =>
        subscriber.subscribe(channel, (message, from) => events.message(from, message)),
      unsubscribe: (channel) => subscriber.unsubscribe(channel),
      close,
    }
  },
})

const ioredis = (client: IoRedisClient): Connection => ({
  // 'wait' is a lazyConnect client that connects on its first command.
  ready: () => client.status === 'ready' || client.status === 'wait',
  command: ([command, ...args]) => client.call(command as string, ...args),
  onEnd: (listener) => client.on('end', listener),
  async subscriber(events) {
    // Never reconnects nor queues: when it drops, the next wait makes a new one.
    const subscriber = client.duplicate({
      lazyConnect: true,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    }) as IoRedisSubscriber
    const close = () => subscriber.disconnect()
    subscriber.on('message', (channel: string, message: string) => events.message(channel, message))
    subscriber.on('error', (error: unknown) => events.down(toError(error)))
    subscriber.on('close', () => events.down(new Error('redis: subscriber connection closed')))
    await connectOrClose(() => subscriber.connect(), close)
    return {
      subscribe: (channel) => subscriber.subscribe(channel),
      unsubscribe: (channel) => subscriber.unsubscribe(channel),
      close,
    }
  },
})
