import type { Connection, Subscriber } from './clients'

/** A result announced (`r`), or a lease that ended without one (`e`). */
export interface Announcement {
  kind: string
  generation: number
  /** The result's bytes, base64; empty for `e`. */
  base64: string
}

/** One waiter's ears on a name's channel. */
export interface Listener {
  message(announcement: Announcement): void
  /** The subscriber connection dropped: no message will come. */
  down(error: Error): void
}

/** `<kind><generation>:<base64>:<channel>` (scripts.ts), read; undefined for another shape. */
const read = (message: string): (Announcement & { channel: string }) | undefined => {
  const first = message.indexOf(':')
  const second = message.indexOf(':', first + 1)
  if (first < 1 || second < 0) return undefined
  return {
    kind: message[0]!,
    generation: Number(message.slice(1, first)),
    base64: message.slice(first + 1, second),
    channel: message.slice(second + 1),
  }
}

/**
 * How a process hears the results of the names it waits on, on one
 * subscriber connection shared by every wait (reopened by the next wait
 * after it drops, when every waiter hears it at once).
 *
 * - **One server**: one inbox channel per coordinator, subscribed once and
 *   kept. A waiter registers the inbox in the name's waiters set as it looks
 *   (WAIT), and the leader's PUBLISH writes to every registered inbox: no
 *   SUBSCRIBE nor UNSUBSCRIBE per flight.
 * - **A cluster**: each name's own channel, on the name's slot, with sharded
 *   pub/sub (SSUBSCRIBE), subscribed while a waiter of that name listens: an
 *   inbox would live on one slot, and a script can only write to its own.
 */
/** A subscriber connection, and what is subscribed on it (by what we subscribed). */
interface Link {
  subscriber: Promise<Subscriber>
  subscribed: Map<string, Promise<unknown>>
}

export const subscriptions = (
  connection: Connection,
  guard: <T>(promise: Promise<T>) => Promise<T>,
  inbox: string,
) => {
  let current: Link | undefined
  const listeners = new Map<string, Set<Listener>>()
  const targetOf = (channel: string) => (connection.cluster ? channel : inbox)

  const link = (): Link => {
    if (current) return current
    // The handlers see `made` once it is set: no event comes before the connection opens.
    let made: Link | undefined
    const subscriber = guard(
      connection.subscriber({
        message: (message) => {
          const heard = current === made && read(message)
          if (!heard) return
          for (const listener of [...(listeners.get(heard.channel) ?? [])]) listener.message(heard)
        },
        down: (error) => {
          if (current === made) drop(error)
        },
      }),
    )
    made = { subscriber, subscribed: new Map() }
    current = made
    // A connection that opens after it was dropped is closed at once; one that
    // fails to open is forgotten with its subscriptions, so the next wait
    // starts afresh.
    subscriber.then(
      (opened) => current !== made && opened.close(),
      () => {
        if (current === made) current = undefined
      },
    )
    return made
  }

  /** Forgets the connection and tells every listener. */
  const drop = (error: Error) => {
    const dropped = current
    current = undefined
    const all = [...listeners.values()].flatMap((set) => [...set])
    listeners.clear()
    dropped?.subscriber.then((subscriber) => subscriber.close(), ignore)
    for (const listener of all) listener.down(error)
  }

  return {
    /** The channel of this process's inbox ('' on a cluster: it has none). */
    inbox: connection.cluster ? '' : inbox,
    /**
     * Listens to `channel`; resolves once Redis confirmed the subscription
     * that carries it, with the function that stops listening.
     */
    async listen(channel: string, listener: Listener): Promise<() => void> {
      const own = link()
      const target = targetOf(channel)
      const subscription =
        own.subscribed.get(target) ??
        own.subscriber.then((subscriber) => guard(subscriber.subscribe(target)))
      own.subscribed.set(target, subscription)
      const joined = listeners.get(channel) ?? new Set()
      listeners.set(channel, joined)
      joined.add(listener)
      const stop = () => {
        if (!joined.delete(listener) || joined.size > 0) return
        if (listeners.get(channel) === joined) listeners.delete(channel)
        // The inbox stays; a name's sharded channel goes with its last waiter.
        if (target !== channel || own.subscribed.get(target) !== subscription) return
        own.subscribed.delete(target)
        if (current === own)
          own.subscriber.then((subscriber) => guard(subscriber.unsubscribe(target))).catch(ignore)
      }
      try {
        await subscription
      } catch (error) {
        stop()
        // A subscriber that cannot subscribe is of no use to anyone.
        if (current === own) drop(error instanceof Error ? error : new Error(String(error)))
        throw error
      }
      return stop
    },
    close() {
      drop(new Error('redis: coordinator closed'))
    },
  }
}

const ignore = () => {}
