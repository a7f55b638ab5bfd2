import { Cluster, Redis } from 'ioredis'
import { createClient, createCluster } from 'redis'
import type { RedisClient } from '../../src/redis/index'
import { names } from '../../src/redis/scripts'
import type { Client } from './fleet'

export interface Opened {
  client: RedisClient
  close: () => Promise<void>
}

/** A connected client of either kind; `close` ends it (and with it the coordinator's subscriber). */
export const openClient = async (kind: Client, url: string): Promise<Opened> => {
  if (kind === 'ioredis') {
    const io = new Redis(url, { lazyConnect: true })
    await io.connect()
    return { client: io, close: async () => void (await io.quit()) }
  }
  const node = createClient({ url })
  node.on('error', () => {}) // a test that cuts connections: it reconnects
  await node.connect()
  return { client: node, close: async () => void (await node.close()) }
}

/** A connected cluster client of either kind, knowing the cluster from its first node. */
export const openClusterClient = async (kind: Client, urls: string[]): Promise<Opened> => {
  if (kind === 'ioredis') {
    const nodes = urls.map((url) => ({ host: '127.0.0.1', port: Number(new URL(url).port) }))
    const io = new Cluster(nodes, { lazyConnect: true })
    await io.connect()
    return { client: io, close: async () => void (await io.quit()) }
  }
  const node = createCluster({ rootNodes: urls.map((url) => ({ url })) })
  await node.connect()
  return { client: node, close: async () => void (await node.close()) }
}

/**
 * Every command Redis runs, as it runs it (MONITOR): tests wait for a
 * command to happen, never for time to pass.
 */
export const openMonitor = async (url: string) => {
  const io = new Redis(url, { lazyConnect: true })
  await io.connect()
  const monitor = await io.monitor()
  const seen: string[][] = []
  /** When Redis ran each of `seen`, in ms of its own clock. */
  const times: number[] = []
  const waiting = new Set<() => void>()
  monitor.on('monitor', (time: string, args: string[]) => {
    seen.push(args)
    times.push(Number(time) * 1000)
    for (const check of [...waiting]) check()
  })
  return {
    /**
     * Resolves once `count` commands matching `match` have run (counted since
     * the monitor opened), with the time Redis ran the last of them (ms, its clock).
     */
    seen: (match: (args: string[]) => boolean, count = 1) =>
      new Promise<number>((resolve) => {
        const check = () => {
          const at = seen.flatMap((args, i) => (match(args) ? [times[i]!] : []))
          if (at.length < count) return
          waiting.delete(check)
          resolve(at[count - 1]!)
        }
        waiting.add(check)
        check()
      }),
    /** Every command seen so far. */
    commands: () => [...seen],
    close: async () => {
      monitor.disconnect()
      await io.quit()
    },
  }
}

/**
 * The keys Redis expires from now on (keyspace notifications, which this
 * turns on): a test waits for a kept result to run out, never for time.
 */
export const openExpiries = async (url: string) => {
  const admin = new Redis(url, { lazyConnect: true })
  await admin.connect()
  await admin.config('SET', 'notify-keyspace-events', 'Ex')
  const subscriber = admin.duplicate()
  const expired = new Set<string>()
  const waiting = new Set<() => void>()
  subscriber.on('message', (_channel: string, key: string) => {
    expired.add(key)
    for (const check of [...waiting]) check()
  })
  await subscriber.subscribe('__keyevent@0__:expired')
  return {
    /** Resolves once Redis has expired `key` (since this opened). */
    expired: (key: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!expired.has(key)) return
          waiting.delete(check)
          resolve()
        }
        waiting.add(check)
        check()
      }),
    close: async () => {
      subscriber.disconnect()
      await admin.quit()
    },
  }
}

/** The flight name SharedCall gives `key` in `namespace`. */
export const flightName = (namespace: string, key: string) =>
  `${namespace.length}:${namespace}:${key}`

/** The keys of a script call (EVAL or EVALSHA) as MONITOR shows it; undefined for another command. */
const scriptKeys = (args: string[]) => {
  const command = args[0]?.toLowerCase()
  if (command !== 'eval' && command !== 'evalsha') return undefined
  return args.slice(3, 3 + Number(args[2]))
}

/** Matches a script call (EVAL or EVALSHA) on exactly these keys, in this order. */
const scriptOn =
  (...keys: string[]) =>
  (args: string[]): boolean => {
    const called = scriptKeys(args)
    return called?.length === keys.length && called.every((key, i) => key === keys[i])
  }

/** Matchers of each script the coordinator runs for flight `name`, told apart by their keys. */
export const scriptsOf = (name: string) => {
  const { lease, result, counter, waiters } = names(name)
  return {
    lead: scriptOn(lease, result, counter),
    renew: scriptOn(lease, counter, waiters),
    publish: scriptOn(lease, result, counter, waiters),
    release: scriptOn(lease, waiters),
    wait: scriptOn(result, lease, waiters),
  }
}

/** Matches the script a waiter runs to look for the result of `name` (and register its inbox). */
export const waitingOn = (name: string) => scriptsOf(name).wait
