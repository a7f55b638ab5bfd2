// A primary, its replica and a Sentinel, all on 127.0.0.1 on free ports, as
// a production setup runs them on three hosts: the replica follows the
// primary through a link the test can stall (proxy.ts), so that writes can
// be lost in a failover as asynchronous replication loses them.
import { type Redis, startRedis, startSentinel } from '../support/redis-server'
import { type LinkProxy, startProxy } from './proxy'

export interface Replicated {
  primary: Redis
  replica: Redis
  /** Watches `primary` as "main"; promotes `replica` once the primary has not answered for `downAfterMs`. */
  sentinel: Redis
  /** The replication link: `cut()` stalls it, so what the primary writes next never reaches the replica. */
  link: LinkProxy
  stop(): Promise<void>
}

/** Resolves once the replica has synced and the Sentinel knows it, so a failover can promote it. */
export const startReplicated = async ({ downAfterMs = 1_000 } = {}): Promise<Replicated> => {
  const started: { stop(): Promise<void> }[] = []
  const stop = async () => {
    await Promise.all(started.splice(0).map((part) => part.stop()))
  }
  const track = <T extends { stop(): Promise<void> }>(part: T) => {
    started.push(part)
    return part
  }
  try {
    // A replica's full sync starts at once: by default a primary waits 5 s
    // for more replicas to share one diskless transfer, and we have one.
    const primary = track(await startRedis({ args: ['--repl-diskless-sync-delay', '0'] }))
    const link = await startProxy(primary.port)
    started.push({ stop: link.close })
    const replica = track(
      await startRedis({ args: ['--replicaof', '127.0.0.1', new URL(link.url).port] }),
    )
    await replica.logged('MASTER <-> REPLICA sync: Finished with success')
    const sentinel = track(await startSentinel(primary.port, { downAfterMs }))
    await sentinel.logged(`+slave slave 127.0.0.1:${replica.port}`)
    return { primary, replica, sentinel, link, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
