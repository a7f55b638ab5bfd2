import type { Coordinator, Lead, Lease, Result } from 'shared-call/coordinator'
import type { Connection } from './clients'
import { CHECK, LEAD, type Names, names, PUBLISH, RELEASE, RENEW } from './scripts'
import { subscriptions } from './subscriptions'
import { withTimeout } from './timeout'

/** The raw coordinator on Redis, with `close` for its subscriber connection. */
export type RedisLeases = Coordinator & { close(): void }

// Bytes travel as base64 text: binary-safe with every client and version.
const toText = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
const toBytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

/** A result as stored and announced: `<generation>:<base64>`. */
const resultOf = (stored: string): Result => {
  const colon = stored.indexOf(':')
  return { generation: Number(stored.slice(0, colon)), bytes: toBytes(stored.slice(colon + 1)) }
}

const ignore = () => {}
const ms = (value: number) => String(Math.ceil(value))

/**
 * lead and wait on Redis, fenced (src/redis/scripts.ts): a lease is
 * `<generation>:<token>` under the name's key, taken with a generation
 * counter; results are stored and announced with their generation; waiters
 * share one subscriber connection. Every command fails at once while the
 * client is not connected, and after `timeoutMs` without an answer.
 */
export const redisLeases = (connection: Connection, timeoutMs: number): RedisLeases => {
  const guard = <T>(promise: Promise<T>) => withTimeout(promise, timeoutMs)
  const send = (args: string[]) =>
    connection.ready()
      ? connection.command(args)
      : Promise.reject(new Error('redis: the client is not connected'))
  const command = (args: string[]) => guard(send(args))
  const ears = subscriptions(connection, guard)

  const release = async (keys: Names, token: string) => {
    await command(['EVAL', RELEASE, '1', keys.lease, token, keys.channel])
  }

  const leaseOf = (keys: Names, token: string, generation: number, leaseMs: number): Lease => ({
    generation,
    renew: async () =>
      Number(await command(['EVAL', RENEW, '2', keys.lease, keys.counter, token, ms(leaseMs)])) ===
      1,
    publish: async (bytes, ttlMs) =>
      Number(
        await command([
          'EVAL',
          PUBLISH,
          '3',
          keys.lease,
          keys.result,
          keys.counter,
          token,
          toText(bytes),
          ms(ttlMs),
          keys.channel,
        ]),
      ) === 1,
    release: () => release(keys, token),
  })

  return {
    async lead(name, leaseMs, waited): Promise<Lead> {
      const keys = names(name)
      const token = crypto.randomUUID()
      const sent = send([
        'EVAL',
        LEAD,
        '3',
        keys.lease,
        keys.result,
        keys.counter,
        token,
        ms(leaseMs),
        waited === undefined ? '' : String(waited),
      ])
      let reply: [string, string | number]
      try {
        reply = (await guard(sent)) as typeof reply
      } catch (error) {
        // The lease may be granted all the same when the late answer comes
        // (or was, before a connection dropped): give it back by its token,
        // or the next flight of this name would wait out leaseMs.
        sent
          .then(
            async (late) => {
              if ((late as typeof reply)[0] === 'l') await release(keys, token)
            },
            () => release(keys, token),
          )
          .catch(ignore)
        throw error
      }
      const [kind, value] = reply
      if (kind === 'l') return { lease: leaseOf(keys, token, Number(value), leaseMs) }
      if (kind === 'f') return { following: Number(value) }
      return { result: resultOf(String(value)) }
    },

    wait(name, generation, signal) {
      if (signal.aborted) return Promise.reject(signal.reason)
      const { lease, result, channel } = names(name)
      return new Promise((resolve, reject) => {
        let settled = false
        let stop = ignore
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
        // The stored result and the lease, in one snapshot: a result of this
        // generation or newer, this generation's lease (whose expiry we wait
        // for: a dead leader never says so), or neither.
        const check = async () => {
          const [kind, value] = (await command([
            'EVAL',
            CHECK,
            '2',
            result,
            lease,
            String(generation),
          ])) as [string, string | number | undefined]
          if (settled) return
          if (kind === 'r') finish(() => resolve(resultOf(String(value))))
          else if (kind === 'n') finish(() => resolve(undefined))
          else {
            clearTimeout(expiry)
            expiry = setTimeout(() => check().catch(fail), Number(value) + 1)
          }
        }
        signal.addEventListener('abort', abort, { once: true })
        ears
          .listen(channel, {
            message: (message) => {
              if (message.startsWith('r')) {
                const announced = resultOf(message.slice(1))
                if (announced.generation >= generation) finish(() => resolve(announced))
              } else if (!settled) {
                // A lease ended: maybe ours, maybe with a result stored.
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
