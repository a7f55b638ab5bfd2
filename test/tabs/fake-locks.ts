/**
 * The Web Locks API (`navigator.locks`) in memory, for Node (which has
 * `BroadcastChannel` but no Web Locks), following the spec's lock request
 * queue: exclusive and shared modes, requests granted in order,
 * `ifAvailable`, `signal` to withdraw a queued request, and `query()`. Each
 * tab gets its own client (`tab()`); `close(tab)` is the tab closing: the
 * browser lets its locks go and drops its queued requests. The proof in a
 * browser is test/e2e/tabs.test.ts.
 */
type Mode = 'exclusive' | 'shared'
type Callback = (lock: { name: string; mode: Mode } | null) => unknown
interface Options {
  mode?: Mode
  ifAvailable?: boolean
  signal?: AbortSignal
}
interface Request {
  name: string
  mode: Mode
  client: string
  grant(): void
}
interface Held {
  name: string
  mode: Mode
  client: string
}

export const fakeLocks = () => {
  const held: Held[] = []
  const queue: Request[] = []
  const closed = new Set<string>()
  let clients = 0

  const grantable = (name: string, mode: Mode, first: boolean) => {
    if (!first) return false
    const holding = held.filter((lock) => lock.name === name)
    return mode === 'shared'
      ? holding.every((lock) => lock.mode === 'shared')
      : holding.length === 0
  }
  /** Grants, in order, the requests of `name` that can be granted now. */
  const process = (name: string) => {
    for (;;) {
      const next = queue.find((request) => request.name === name)
      if (!next || !grantable(name, next.mode, true)) return
      queue.splice(queue.indexOf(next), 1)
      next.grant()
    }
  }
  const queued = (name: string) => queue.some((request) => request.name === name)

  const client = (id: string) => ({
    request(name: string, options: Options | Callback, callback?: Callback): Promise<unknown> {
      const cb = (callback ?? options) as Callback
      const {
        mode = 'exclusive',
        ifAvailable = false,
        signal,
      } = (callback ? options : {}) as Options
      return new Promise((resolve, reject) => {
        if (closed.has(id)) return // a closed tab runs nothing more
        if (signal?.aborted) return reject(signal.reason)
        const grant = async () => {
          signal?.removeEventListener('abort', withdraw)
          const lock: Held = { name, mode, client: id }
          held.push(lock)
          try {
            resolve(await cb({ name, mode }))
          } catch (error) {
            reject(error)
          } finally {
            const at = held.indexOf(lock)
            if (at >= 0) held.splice(at, 1)
            process(name)
          }
        }
        const request: Request = { name, mode, client: id, grant: () => void grant() }
        const withdraw = () => {
          const at = queue.indexOf(request)
          if (at < 0) return
          queue.splice(at, 1)
          reject(signal!.reason)
          process(name)
        }
        if (grantable(name, mode, !queued(name))) return void grant()
        if (ifAvailable) return void Promise.resolve(cb(null)).then(resolve, reject)
        signal?.addEventListener('abort', withdraw, { once: true })
        queue.push(request)
      })
    },
    async query() {
      const info = ({ name, mode, client }: Held | Request) => ({ name, mode, clientId: client })
      return { held: held.map(info), pending: queue.map(info) }
    },
  })

  return {
    /** A new tab's `navigator.locks`, and its id. */
    tab() {
      const id = `tab-${++clients}`
      return { id, locks: client(id) }
    },
    /** The tab closes: its locks are let go, its queued requests dropped. */
    close(id: string) {
      closed.add(id)
      const names = new Set<string>()
      for (let i = held.length - 1; i >= 0; i--) {
        if (held[i]!.client !== id) continue
        names.add(held[i]!.name)
        held.splice(i, 1)
      }
      for (let i = queue.length - 1; i >= 0; i--) {
        if (queue[i]!.client !== id) continue
        names.add(queue[i]!.name)
        queue.splice(i, 1)
      }
      for (const name of names) process(name)
    },
    /** Names held and requests queued now, with their modes. */
    state: () => ({
      held: held.map(({ name, mode }) => `${mode} ${name}`),
      queued: queue.map(({ name, mode }) => `${mode} ${name}`),
    }),
  }
}

export type FakeLocks = ReturnType<typeof fakeLocks>
