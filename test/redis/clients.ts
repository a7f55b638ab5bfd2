import { Redis } from 'ioredis'
import { createClient } from 'redis'
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
  const waiting = new Set<() => void>()
  monitor.on('monitor', (_time: string, args: string[]) => {
    seen.push(args)
    for (const check of [...waiting]) check()
  })
  return {
    /** Resolves once `count` commands matching `match` have run (counted since the monitor opened). */
    seen: (match: (args: string[]) => boolean, count = 1) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (seen.filter(match).length < count) return
          waiting.delete(check)
          resolve()
        }
        waiting.add(check)
        check()
      }),
    close: async () => {
      monitor.disconnect()
      await io.quit()
    },
  }
}

/** The flight name SharedCall gives `key` in `namespace`. */
export const flightName = (namespace: string, key: string) =>
  `${namespace.length}:${namespace}:${key}`

/** The check a waiter runs once subscribed: matches the EVAL that reads the result of `name`. */
export const waitingOn =
  (name: string) =>
  (args: string[]): boolean =>
    args[0]?.toLowerCase() === 'eval' && args[3] === names(name).result

export const unsubscribedFrom =
  (name: string) =>
  (args: string[]): boolean =>
    args[0]?.toLowerCase() === 'unsubscribe' && args.includes(names(name).channel)
