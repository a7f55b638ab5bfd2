/**
 * The part of a node-redis client (`createClient` from `redis`, v4 or later)
 * that the coordinator uses. Pass the client itself, connected.
 */
export interface NodeRedisClient {
  readonly isReady: boolean
  sendCommand(args: string[]): Promise<unknown>
  duplicate(): unknown
  on(event: 'end' | 'ready', listener: (...args: unknown[]) => void): unknown
}

/**
 * The part of a node-redis cluster client (`createCluster` from `redis`, v4.6
 * or later) that the coordinator uses. Pass the cluster itself, connected.
 */
export interface NodeRedisCluster {
  readonly isOpen: boolean
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
  ): Promise<unknown>
  nodeClient(node: never): unknown
  duplicate(): unknown
  on(event: 'disconnect' | 'ready', listener: (...args: unknown[]) => void): unknown
}

/**
 * The part of a node-redis Sentinel client (`createSentinel` from `redis`,
 * v5 or later) that the coordinator uses: it sends to the primary its
 * Sentinels name, and follows a failover. Pass it connected.
 */
export interface NodeRedisSentinel {
  readonly isReady: boolean
  sendCommand(isReadonly: boolean | undefined, args: string[]): Promise<unknown>
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  getSentinelNode(): unknown
  duplicate(): unknown
  on(event: 'end' | 'ready', listener: (...args: unknown[]) => void): unknown
}

/**
 * The part of an ioredis client (`new Redis()` from `ioredis`), or of an
 * ioredis cluster (`new Cluster()`, v5.6 or later), that the coordinator uses.
 */
export interface IoRedisClient {
  readonly status: string
  call(command: string, ...args: string[]): Promise<unknown>
  duplicate(override?: object): unknown
  on(event: 'end' | 'ready', listener: (...args: unknown[]) => void): unknown
}

/**
 * A Redis client the coordinator accepts: node-redis or ioredis, each either
 * a client of one server (or of the primary its Sentinels name) or a cluster
 * client (then results are announced with sharded pub/sub, `SPUBLISH`, on
 * each key's own slot).
 */
export type RedisClient = NodeRedisClient | NodeRedisCluster | NodeRedisSentinel | IoRedisClient

/** What the subscriber connection reports. */
export interface SubscriberEvents {
  message(message: string): void
  /** The connection failed or closed: its subscriptions are gone. */
  down(error: Error): void
}

/** Connections of the coordinator's own for pub/sub, made by duplicating the user's client. */
export interface Subscriber {
  /** SUBSCRIBE, or SSUBSCRIBE on a cluster; resolves once Redis confirmed it. */
  subscribe(channel: string): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  close(): void
}

/** node-redis and ioredis, one server or a cluster, behind the same few calls. */
export interface Connection {
  /**
   * A Redis Cluster: each name's results are announced on its own sharded
   * channel (SPUBLISH, SSUBSCRIBE), which lives on the name's slot.
   */
  readonly cluster: boolean
  /** False while the client is disconnected or reconnecting: then we fail at once, never queue. */
  ready(): boolean
  /** Sends `args`; on a cluster, to the node that holds `key`'s slot. */
  command(args: string[], key: string): Promise<unknown>
  subscriber(events: SubscriberEvents): Promise<Subscriber>
  /** Calls `listener` when the user's client is closed for good. */
  onEnd(listener: () => void): void
  /** Calls `listener` each time the user's client is ready again (reconnected, maybe to a new primary). */
  onReady(listener: () => void): void
}

export const toError = (error: unknown) =>
  error instanceof Error ? error : new Error(`redis: ${String(error)}`)

/** Connects a subscriber; one that fails to connect is closed, not left retrying. */
export const connectOrClose = async (connect: () => Promise<unknown>, close: () => void) => {
  try {
    await connect()
  } catch (error) {
    close()
    throw error
  }
}
