import type { Connection, Subscriber } from './clients'

/** One waiter's ears on a channel. */
export interface Listener {
  message(message: string): void
  /** The subscriber connection dropped: no message will come. */
  down(error: Error): void
}

interface Channel {
  listeners: Set<Listener>
  subscribed: Promise<unknown>
}

/**
 * One subscriber connection per coordinator, shared by every wait: a channel
 * is subscribed while at least one waiter listens to it. When the connection
 * drops, every waiter hears it at once and the next wait opens a new one.
 */
export const subscriptions = (
  connection: Connection,
  guard: <T>(promise: Promise<T>) => Promise<T>,
) => {
  let current: Promise<Subscriber> | undefined
  const channels = new Map<string, Channel>()

  const open = () => {
    if (current) return current
    const opened: Promise<Subscriber> = guard(
      connection.subscriber({
        message: (name, message) => {
          if (current !== opened) return
          for (const listener of [...(channels.get(name)?.listeners ?? [])])
            listener.message(message)
        },
        down: (error) => {
          if (current === opened) drop(error)
        },
      }),
    )
    current = opened
    // A connection that opens after it was dropped is closed at once; one that
    // fails to open is forgotten, so the next wait tries again.
    opened.then(
      (subscriber) => current !== opened && subscriber.close(),
      () => {
        if (current === opened) current = undefined
      },
    )
    return opened
  }

  /** Forgets the connection and tells every listener. */
  const drop = (error: Error) => {
    const dropped = current
    current = undefined
    const listeners = [...channels.values()].flatMap((channel) => [...channel.listeners])
    channels.clear()
    dropped?.then((subscriber) => subscriber.close(), ignore)
    for (const listener of listeners) listener.down(error)
  }

  return {
    /**
     * Listens to `name`; resolves once Redis confirmed the subscription, with
     * the function that stops listening.
     */
    async listen(name: string, listener: Listener): Promise<() => void> {
      const opened = open()
      let channel = channels.get(name)
      if (!channel) {
        const subscribed = opened.then((subscriber) => guard(subscriber.subscribe(name)))
        channel = { listeners: new Set(), subscribed }
        channels.set(name, channel)
      }
      const joined = channel
      joined.listeners.add(listener)
      const stop = () => {
        if (!joined.listeners.delete(listener) || joined.listeners.size > 0) return
        if (channels.get(name) !== joined) return
        channels.delete(name)
        if (current === opened)
          opened.then((subscriber) => guard(subscriber.unsubscribe(name))).catch(ignore)
      }
      try {
        await joined.subscribed
      } catch (error) {
        stop()
        // A subscriber that cannot subscribe is of no use to anyone.
        if (current === opened) drop(error instanceof Error ? error : new Error(String(error)))
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
