import type { Coordination } from 'shared-call'
import {
  type Coordinator,
  type CoordinatorOptions,
  defineCoordinator,
  type Lead,
  type Lease,
} from 'shared-call/coordinator'
import { KeptResults } from './kept-results'
import { type HeldLock, heldLock, takeLock } from './locks'
import { readMessage, type TabMessage } from './messages'
import { tabsSupported } from './support'

/** Options of `tabsCoordinator`. */
export interface TabsCoordinatorOptions extends CoordinatorOptions {
  /**
   * Name of the `BroadcastChannel`, and prefix of the Web Locks' names. Tabs
   * share flights with the tabs of their origin that use the same name.
   * Default `"shared-call"`.
   */
  channel?: string
}

/**
 * Ms a waiter whose leader let go without a result gives the result to show
 * up (it may still be on its way, or kept by a tab that answers an ask)
 * before it leads itself. Only spent when the leading tab closed or failed.
 */
const HANDOVER_MS = 50

const fail = (message: string): never => {
  throw new TypeError(`shared-call: ${message}`)
}

/**
 * A coordinator for the tabs of one origin: one tab runs the work of a key
 * and the others get its result, behind `SharedCall`'s `coordinator` option.
 *
 * - The leader holds a Web Lock named after the key
 *   (`navigator.locks.request(name, { ifAvailable: true })`) while its work
 *   runs. A tab that closes lets its locks go, so a waiting tab takes over.
 * - The result goes to the other tabs over a `BroadcastChannel`. The tab that
 *   published keeps it for `resultTtlMs` and hands it to a tab that asks late.
 * - A waiter queues for the same lock: it is granted when the leader lets go.
 *   By then the result has normally arrived; if not, the waiter asks the tabs
 *   once, and without an answer it keeps the lock and leads.
 *
 * Create one per app (each opens a channel for the life of the page). It
 * needs `navigator.locks` and `BroadcastChannel`: a browser page on https or
 * localhost. Check `tabsSupported()` where that may not hold (SSR, old
 * browsers, plain http).
 *
 * @throws TypeError without `navigator.locks` or `BroadcastChannel`, or for bad options.
 *
 * @example
 * ```ts
 * import { SharedCall } from 'shared-call'
 * import { tabsCoordinator } from 'shared-call/tabs'
 *
 * const shared = new SharedCall({ coordinator: tabsCoordinator(), namespace: 'shop' })
 * ```
 */
export const tabsCoordinator = (options: TabsCoordinatorOptions = {}): Coordination => {
  if (typeof options !== 'object' || options === null) {
    fail('tabsCoordinator(options): options must be an object, e.g. { channel: "my-app" }')
  }
  const { channel: name = 'shared-call', ...rest } = options
  if (typeof name !== 'string' || name === '' || name.startsWith('-')) {
    fail(
      'tabsCoordinator(options): channel must be a non-empty string that does not start with "-"',
    )
  }
  if (!tabsSupported()) {
    fail(
      'tabsCoordinator() needs navigator.locks (the Web Locks API) and BroadcastChannel: a browser page on https or localhost. Check tabsSupported() first and create the SharedCall without a coordinator where it is false (on the server, in old browsers, on plain http)',
    )
  }

  const lockName = (key: string) => `${name}:${key}`
  const kept = new KeptResults()
  /** Waiters in this tab, by key: woken with the result. */
  const waiters = new Map<string, Set<(bytes: Uint8Array) => void>>()
  /** Locks a waiter was granted when its leader let go, kept for the `lead()` that follows. */
  const handovers = new Map<string, { lock: HeldLock; timer: ReturnType<typeof setTimeout> }>()
  let channel: BroadcastChannel | undefined

  const send = (message: TabMessage) => channel?.postMessage(message)

  const wake = (key: string, bytes: Uint8Array) => {
    const woken = waiters.get(key)
    waiters.delete(key)
    for (const waiter of woken ?? []) waiter(bytes)
  }

  const receive = (event: MessageEvent) => {
    const message = readMessage(event.data)
    if (message?.type === 'result') {
      kept.keep(message.key, message.bytes, message.ttlMs, false)
      wake(message.key, message.bytes)
    } else if (message?.type === 'ask') {
      const mine = kept.published(message.key)
      if (mine) send({ type: 'result', key: message.key, ...mine })
    }
  }

  /**
   * Keeps a granted lock for the `lead()` the coordinator makes right after
   * a wait without a result. Should none come (the flight gave up or was
   * aborted), the lock goes back once the current task is over.
   */
  const handOver = (key: string, release: () => void) => {
    const timer = setTimeout(() => {
      if (handovers.get(key)?.timer !== timer) return
      handovers.delete(key)
      release()
    }, 0)
    handovers.get(key)?.lock.release()
    handovers.set(key, { lock: heldLock(release), timer })
  }

  const publish = (key: string, bytes: Uint8Array, ttlMs: number) => {
    kept.keep(key, bytes, ttlMs, true)
    send({ type: 'result', key, bytes, ttlMs })
    wake(key, bytes) // a channel does not hear itself: waiters in this tab
  }

  // Tabs keep no shared generation counter yet: every flight is generation
  // 0, and a lock is never lost while its tab lives (renew is always true).
  const leaseOn = (key: string, lock: HeldLock): Lease => ({
    generation: 0,
    renew: async () => true,
    publish: async (bytes, ttlMs) => {
      publish(key, bytes, ttlMs)
      lock.release()
      return true
    },
    release: async () => lock.release(),
  })

  const take = (key: string): Promise<HeldLock | undefined> => {
    const handover = handovers.get(key)
    if (!handover) return takeLock(lockName(key))
    handovers.delete(key)
    clearTimeout(handover.timer)
    return Promise.resolve(handover.lock)
  }

  const waitFor = (key: string, signal: AbortSignal) =>
    new Promise<Uint8Array | undefined>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      const known = kept.get(key)
      if (known) return resolve(known)

      let settled = false
      let arrived: (() => void) | undefined
      const queued = new AbortController()
      const settle = () => {
        settled = true
        waiters.get(key)?.delete(onResult)
        signal.removeEventListener('abort', onAbort)
        queued.abort()
      }
      const onResult = (bytes: Uint8Array) => {
        if (settled) return
        settle()
        arrived?.()
        resolve(bytes)
      }
      const onAbort = () => {
        if (settled) return
        settle()
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      const set = waiters.get(key) ?? new Set()
      set.add(onResult)
      waiters.set(key, set)
      send({ type: 'ask', key }) // the result may be kept already

      // Granted when the leader lets go: it released, or its tab closed.
      navigator.locks
        .request(lockName(key), { signal: queued.signal }, async () => {
          if (settled) return
          // Its result may still be on its way, or kept by a tab that answers.
          send({ type: 'ask', key })
          await new Promise<void>((done) => {
            arrived = done
            setTimeout(done, HANDOVER_MS)
          })
          if (settled) return // the result came: let the lock go
          settle()
          // No result: this tab leads next, with the lock it holds now.
          return new Promise<void>((release) => {
            handOver(key, release)
            resolve(undefined)
          })
        })
        .catch((error: unknown) => {
          if (settled) return // the queued request was withdrawn: a result came
          settle()
          reject(error)
        })
    })

  const coordinator: Coordinator = {
    async lead(key): Promise<Lead> {
      const lock = await take(key)
      return lock ? { lease: leaseOn(key, lock) } : { following: 0 }
    },

    wait: (key, _generation, signal) =>
      waitFor(key, signal).then((bytes) => bytes && { generation: 0, bytes }),
  }

  const coordination = defineCoordinator(coordinator, rest)
  channel = new BroadcastChannel(name)
  channel.onmessage = receive
  return coordination
}
