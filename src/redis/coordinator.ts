import type { Coordinator, Lease } from 'shared-call/coordinator'
import type { Connection } from './clients'
import { CHECK, LEAD, names, PUBLISH, RELEASE, RENEW } from './scripts'
import { subscriptions } from './subscriptions'

/** The raw coordinator on Redis, with `close` for its subscriber connection. */
export type RedisLeases = Coordinator & { close(): void }

// Bytes travel as base64 text: binary-safe with every client and version.
const toText = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
const toBytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

/**
 * lead, publish and wait on Redis: a `SET NX PX` lease with a random token
 * (which drops the previous flight's kept result),
 * results kept with `SET PX` and announced on a channel, waiters on one
 * shared subscriber connection. Every command fails at once while the client
 * is not connected, and after `timeoutMs` without an answer.
 */
export const redisLeases = (connection: Connection, timeoutMs: number): RedisLeases => {
  const guard = <T>(promise: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis: no answer within ${timeoutMs} ms`)),
        timeoutMs,
      )
      promise.then(resolve, reject).finally(() => clearTimeout(timer))
    })
  const command = (args: string[]) =>
    connection.ready()
      ? guard(connection.command(args))
      : Promise.reject(new Error('redis: the client is not connected'))
  const ears = subscriptions(connection, guard)

  return {
    async lead(key, leaseMs): Promise<Lease | undefined> {
      const { lease, result, channel } = names(key)
      const token = crypto.randomUUID()
      const ms = String(Math.ceil(leaseMs))
      const led = await command(['EVAL', LEAD, '2', lease, result, token, ms])
      if (Number(led) !== 1) return undefined
      return {
        renew: async () => Number(await command(['EVAL', RENEW, '1', lease, token, ms])) === 1,
        release: async () => {
          await command(['EVAL', RELEASE, '1', lease, token, channel])
        },
      }
    },

    async publish(key, result, ttlMs) {
      const { result: stored, channel } = names(key)
      const ttl = String(Math.ceil(ttlMs))
      await command(['EVAL', PUBLISH, '1', stored, toText(result), ttl, channel])
    },

    wait(key, signal) {
      if (signal.aborted) return Promise.reject(signal.reason)
      const { lease, result, channel } = names(key)
      return new Promise((resolve, reject) => {
        let settled = false
        let stop = () => {}
        let expiry: ReturnType<typeof setTimeout> | undefined
        const finish = (settle: () => void) => {
          if (settled) return
          settled = true
          clearTimeout(expiry)
          signal.removeEventListener('abort', abort)
          stop()
          settle()
        }
        const abort = () => finish(() => reject(signal.reason))
        const fail = (error: unknown) => finish(() => reject(error))
        // The stored result and the lease, in one snapshot: a result, no lease
        // (it ended without one), or a lease whose expiry we wait for. A dead
        // leader never says so: its lease just expires, so we look again then.
        const check = async () => {
          const [stored, ttl] = (await command(['EVAL', CHECK, '2', result, lease])) as [
            string | null,
            number,
          ]
          if (settled) return
          if (typeof stored === 'string') finish(() => resolve(toBytes(stored)))
          else if (Number(ttl) < 0) finish(() => resolve(undefined))
          else expiry = setTimeout(() => check().catch(fail), Number(ttl) + 1)
        }
        signal.addEventListener('abort', abort, { once: true })
        ears
          .listen(channel, {
            message: (message) => {
              if (message.startsWith('r')) finish(() => resolve(toBytes(message.slice(1))))
              else if (!settled) {
                // The lease ended: a result, or a new leader, or nothing.
                clearTimeout(expiry)
                check().catch(fail)
              }
            },
            down: fail,
          })
          // Subscribed first, then look: a leader that published before we
          // subscribed left its result stored.
          .then((unlisten) => {
            stop = unlisten
            if (settled) unlisten()
            else return check()
          })
          .catch(fail)
      })
    },

    close: () => ears.close(),
  }
}
