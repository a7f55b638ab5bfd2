import type { Coordinator, Lead, Lease, Result } from 'shared-call/coordinator'
import { KeptResults } from './kept-results'
import { lockNames } from './lock-names'
import { type HeldLock, hold, type Locks, whenFree } from './locks'
import { readMessage, type TabMessage } from './messages'

/** The raw coordinator of one tab, with `close` for its channel and its locks. */
export type TabLeases = Coordinator & { close(): void }

export interface TabLeasesOptions {
  /** The `BroadcastChannel` name, and the channel part of every lock name. */
  channel: string
  /** Ms a generation that ended without a result is remembered (resultTtlMs). */
  keepMs: number
  /** `navigator.locks` of this tab. */
  locks: Locks
}

/** The greatest of `generations` that is ≥ `least`. */
const newest = (generations: number[], least: number): number | undefined => {
  const fitting = generations.filter((g) => g >= least)
  return fitting.length ? Math.max(...fitting) : undefined
}

/**
 * lead and wait across the tabs of an origin, with the Web Locks as the
 * store (lock-names.ts): the lock manager is the one thing every tab sees
 * the same and at once, so who leads, which generation runs and which
 * results are kept are all read from it (`navigator.locks.query()`), and a
 * lead looks and takes its lease under the name's mutex. The channel
 * carries the bytes of results, nothing else. A tab that closes loses its
 * locks: its lease ends (its waiters are granted the lease in shared mode,
 * look again and one leads), and its kept results go with it.
 *
 * Leases never expire while their tab lives (`renew` is true until the
 * lease is spent): a tab that hangs holds its flight until it is closed.
 */
export const tabLeases = ({ channel, keepMs, locks }: TabLeasesOptions): TabLeases => {
  const names = lockNames(channel)
  const kept = new KeptResults()
  /** This tab's listeners for results, by flight name. */
  const ears = new Map<string, Set<(result: Result) => void>>()
  const leases = new Set<HeldLock>()
  const port = new BroadcastChannel(channel)

  const send = (message: TabMessage) => {
    try {
      port.postMessage(message)
    } catch {
      // closed: this tab is going away
    }
  }
  const heard = (name: string, result: Result) => {
    for (const ear of [...(ears.get(name) ?? [])]) ear(result)
  }
  port.onmessage = (event: MessageEvent) => {
    const message = readMessage(event.data)
    if (message?.type === 'result') heard(message.name, message)
    else if (message?.type === 'ask') {
      const bytes = kept.get(message.name, message.generation)
      if (bytes) send({ type: 'result', name: message.name, generation: message.generation, bytes })
    }
  }

  /** The first result of `name` of generation ≥ `least` this tab hears, until `signal` aborts. */
  const hear = (name: string, least: number, signal: AbortSignal) =>
    new Promise<Result>((resolve) => {
      if (signal.aborted) return
      const set = ears.get(name) ?? new Set()
      const stop = () => {
        set.delete(ear)
        if (set.size === 0 && ears.get(name) === set) ears.delete(name)
        signal.removeEventListener('abort', stop)
      }
      const ear = (result: Result) => {
        if (result.generation < least) return
        stop()
        resolve({ generation: result.generation, bytes: result.bytes })
      }
      set.add(ear)
      ears.set(name, set)
      signal.addEventListener('abort', stop, { once: true })
    })

  /**
   * The result of `generation`, which a snapshot said a tab keeps: from
   * this tab, or asked of the tab that published it. Undefined when that tab
   * lets it go (or closes) before it answered.
   */
  const read = async (name: string, generation: number, signal: AbortSignal) => {
    const mine = kept.get(name, generation)
    if (mine) return { generation, bytes: mine }
    const stop = new AbortController()
    const leave = () => stop.abort()
    signal.addEventListener('abort', leave, { once: true })
    try {
      const answer = hear(name, generation, stop.signal)
      send({ type: 'ask', name, generation })
      // Granted once the keeper let the result go: no answer will come then.
      const gone = whenFree(locks, names.result(name, generation), 'exclusive', stop.signal)
      return await Promise.race([answer, gone.then(() => undefined)])
    } finally {
      signal.removeEventListener('abort', leave)
      stop.abort()
    }
  }

  const leaseOf = (name: string, generation: number, lock: HeldLock): Lease => {
    leases.add(lock)
    let spent = false
    /** Ends the lease, leaving the lock that shows how it ended (a result, or none) for `ttlMs`. */
    const end = async (bytes: Uint8Array | undefined, ttlMs: number) => {
      spent = true
      const marker = bytes ? names.result(name, generation) : names.ended(name, generation)
      const held = await hold(locks, marker, 'shared', true).catch(() => undefined)
      if (held) kept.keep(name, generation, bytes, held, ttlMs)
      if (bytes) {
        send({ type: 'result', name, generation, bytes })
        heard(name, { generation, bytes }) // a channel does not hear itself
      }
      leases.delete(lock)
      lock.release()
    }
    return {
      generation,
      renew: async () => !spent,
      publish: async (bytes, ttlMs) => {
        if (spent) return false
        await end(bytes.slice(), ttlMs)
        return true
      },
      release: async () => {
        if (!spent) await end(undefined, keepMs)
      },
    }
  }

  return {
    async lead(name, _leaseMs, waited): Promise<Lead> {
      for (;;) {
        const mutex = (await hold(locks, names.mutex(name), 'exclusive'))!
        let stored: number | undefined
        try {
          const state = names.read(name, await locks.query())
          stored = waited === undefined ? undefined : newest(state.results, waited)
          if (stored === undefined) {
            if (state.lease !== undefined) return { following: state.lease }
            // Above every generation the locks mention, the one waited on,
            // and the clock in µs (for when every lock of the name is gone).
            const generation = Math.max(state.newest + 1, (waited ?? 0) + 1, Date.now() * 1000)
            const lock = await hold(locks, names.lease(name, generation), 'exclusive', true)
            if (lock) return { lease: leaseOf(name, generation, lock) }
            continue
          }
        } finally {
          mutex.release()
        }
        const result = await read(name, stored, new AbortController().signal)
        if (result) return { result }
      }
    },

    wait: (name, generation, signal) =>
      new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason)
        const stop = new AbortController()
        let settled = false
        const finish = (settle: () => void) => {
          if (settled) return
          settled = true
          signal.removeEventListener('abort', abort)
          stop.abort()
          settle()
        }
        const abort = () => finish(() => reject(signal.reason))
        signal.addEventListener('abort', abort, { once: true })
        // Listening first: a result announced from now on is heard.
        hear(name, generation, stop.signal).then((result) => finish(() => resolve(result)))
        const look = async () => {
          while (!settled) {
            const state = names.read(name, await locks.query())
            const stored = newest(state.results, generation)
            if (stored !== undefined) {
              const result = await read(name, stored, stop.signal)
              if (result) return finish(() => resolve(result))
            } else if (state.lease === generation) {
              // Granted when its leader lets go (after publishing) or its tab closes.
              await whenFree(locks, names.lease(name, generation), 'shared', stop.signal)
            } else return finish(() => resolve(undefined))
          }
        }
        look().catch((error) => finish(() => reject(error)))
      }),

    close() {
      port.close()
      kept.clear()
      for (const lock of leases) lock.release()
      leases.clear()
      ears.clear()
    },
  }
}
