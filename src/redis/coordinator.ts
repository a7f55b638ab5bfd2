import type { Coordinator, Lead, Lease, Result } from 'shared-call/coordinator'
import type { Connection } from './clients'
import { scriptRunner } from './run-script'
import { LEAD, type Names, names, PUBLISH, RELEASE, RENEW, WAIT } from './scripts'
import { type Listener, subscriptions } from './subscriptions'
import { withTimeout } from './timeout'

/** The raw coordinator on Redis, with `close` for its subscriber connection. */
export type RedisLeases = Coordinator & { close(): void }

// Bytes travel as base64 text: binary-safe with every client and version.
const toText = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
const toBytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

/** A result as stored: `<generation>:<base64>`. */
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
 * share one subscriber connection (subscriptions.ts). Every command fails at
 * once while the client is not connected, and after `timeoutMs` without an
 * answer.
 */
export const redisLeases = (connection: Connection, timeoutMs: number): RedisLeases => {
  const guard = <T>(promise: Promise<T>) => withTimeout(promise, timeoutMs)
  const run = scriptRunner((args, key) =>
    connection.ready()
      ? connection.command(args, key)
      : Promise.reject(new Error('redis: the client is not connected')),
  )
  const ears = subscriptions(connection, guard, `sc:inbox:${crypto.randomUUID()}`)
  /** How each wait looks again: at once, whenever the client is ready again (after a reconnect or a failover). */
  const looks = new Set<(failed: (error: unknown) => void) => void>()
  /** What waits for the client to be ready again: a leader's last word. */
  const readied = new Set<() => void>()
  connection.onReady(() => {
    for (const look of [...looks]) look(ignore)
    const waiting = [...readied]
    readied.clear()
    for (const ready of waiting) ready()
  })
  /**
   * Sends once the client is ready, within `timeoutMs`. A publish (or
   * release) that failed at once while the client reconnects, as after a
   * failover, would leave its waiters to wait for the lease's end and run
   * the work again; its token still fences it on the new server.
   */
  const whenReady = <T>(send: () => Promise<T>): Promise<T> => {
    if (connection.ready()) return guard(send())
    let ready = ignore
    const readyNow = new Promise<void>((resolve) => {
      ready = resolve
      readied.add(ready)
    })
    let late = false
    const sent = guard(readyNow.then(() => (late ? undefined : send())))
    sent.catch(() => {
      late = true
      readied.delete(ready)
    })
    return sent as Promise<T>
  }
  /** What announces a result on the name's own channel: SPUBLISH on a cluster, nothing else. */
  const announcer = connection.cluster ? 'SPUBLISH' : ''

  const release = async (keys: Names, token: string) => {
    await whenReady(() =>
      run(RELEASE, [keys.lease, keys.waiters], [token, keys.channel, announcer]),
    )
  }

  const leaseOf = (keys: Names, token: string, generation: number, leaseMs: number): Lease => ({
    generation,
    renew: async () =>
      Number(
        await guard(run(RENEW, [keys.lease, keys.counter, keys.waiters], [token, ms(leaseMs)])),
      ) === 1,
    publish: async (bytes, ttlMs) =>
      Number(
        await whenReady(() =>
          run(
            PUBLISH,
            [keys.lease, keys.result, keys.counter, keys.waiters],
            [token, toText(bytes), ms(ttlMs), keys.channel, announcer],
          ),
        ),
      ) === 1,
    release: () => release(keys, token),
  })

  return {
    async lead(name, leaseMs, waited): Promise<Lead> {
      const keys = names(name)
      const token = crypto.randomUUID()
      const sent = run(
        LEAD,
        [keys.lease, keys.result, keys.counter],
        [token, ms(leaseMs), waited === undefined ? '' : String(waited)],
      )
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
      const { lease, result, waiters, channel } = names(name)
      return new Promise((resolve, reject) => {
        let settled = false
        /** Stops listening; undefined while it does not listen (yet, or since its subscriber dropped). */
        let stop: (() => void) | undefined
        let expiry: ReturnType<typeof setTimeout> | undefined
        const finish = (settle: () => void) => {
          if (settled) return
          settled = true
          clearTimeout(expiry)
          signal.removeEventListener('abort', abort)
          looks.delete(look)
          stop?.()
          settle()
        }
        const abort = () => finish(() => reject(signal.reason))
        const fail = (error: unknown) => finish(() => reject(error))
        // The stored result and the lease, in one snapshot: a result of this
        // generation or newer, this generation's lease (whose expiry we wait
        // for: a dead leader never says so; our inbox registered meanwhile),
        // or neither.
        const check = async () => {
          const [kind, value] = (await guard(
            run(WAIT, [result, lease, waiters], [String(generation), ears.inbox]),
          )) as [string, string | number | undefined]
          if (settled) return
          if (kind === 'r') finish(() => resolve(resultOf(String(value))))
          else if (kind === 'n') finish(() => resolve(undefined))
          else {
            clearTimeout(expiry)
            expiry = setTimeout(look, Number(value) + 1)
          }
        }
        const listener: Listener = {
          message: (heard) => {
            if (heard.kind === 'r') {
              const announced = { generation: heard.generation, bytes: toBytes(heard.base64) }
              if (announced.generation >= generation) finish(() => resolve(announced))
            } else if (!settled) {
              // A lease ended: maybe ours, maybe with a result stored.
              clearTimeout(expiry)
              check().catch(fail)
            }
          },
          // The subscriber dropped (Redis restarted, a failover, a killed
          // connection): an announcement may be lost. Listen and look again
          // at once if the client is ready (it may have reconnected before
          // the drop was noticed, or never dropped at all), else when it is
          // ready again, or when the lease would have run out. Only a
          // subscription that was up looks again here: one that failed to
          // open rejects its own look, so a subscriber Redis refuses is not
          // retried in a loop.
          down: () => {
            const listening = stop !== undefined
            stop = undefined
            if (listening && !settled && connection.ready()) look(ignore)
          },
        }
        // Listening first, then look (and register): a leader that published
        // before left its result stored. A look because the client is ready
        // again may fail (it can drop again at once, as when a failover is
        // announced late): the wait goes on until the lease's end.
        const look = (failed = fail) => {
          const looked = stop
            ? check()
            : ears.listen(channel, listener).then((unlisten) => {
                stop = unlisten
                if (settled) unlisten()
                else return check()
              })
          looked.catch(failed)
        }
        signal.addEventListener('abort', abort, { once: true })
        looks.add(look)
        look()
      })
    },

    close: () => ears.close(),
  }
}
