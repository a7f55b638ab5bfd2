/**
 * A Web Locks `LockManager` in memory, for Node (which has `BroadcastChannel`
 * but no `navigator.locks`): exclusive locks granted in request order,
 * `ifAvailable`, and `signal` to withdraw a queued request. Enough for what
 * `tabsCoordinator` asks of it; the real proof runs in Chromium (test/e2e).
 */
export const fakeLocks = () => {
  const held = new Set<string>()
  const queues = new Map<string, Array<() => void>>()

  const next = (name: string) => {
    const queue = queues.get(name)
    const first = queue?.shift()
    if (queue?.length === 0) queues.delete(name)
    first?.()
  }

  type Callback = (lock: { name: string } | null) => unknown
  type Options = { ifAvailable?: boolean; signal?: AbortSignal; mode?: string }

  const request = (name: string, options: Options | Callback, callback?: Callback) => {
    const cb = (callback ?? options) as Callback
    const { ifAvailable = false, signal, mode = 'exclusive' } = (callback ? options : {}) as Options
    if (mode !== 'exclusive') throw new Error('the fake has exclusive locks only')
    return new Promise((resolve, reject) => {
      const grant = async () => {
        held.add(name)
        try {
          resolve(await cb({ name }))
        } catch (error) {
          reject(error)
        } finally {
          held.delete(name)
          next(name)
        }
      }
      if (!held.has(name) && !queues.has(name)) return void grant()
      if (ifAvailable) return void Promise.resolve(cb(null)).then(resolve, reject)
      if (signal?.aborted) return reject(signal.reason)
      const entry = () => {
        signal?.removeEventListener('abort', withdraw)
        grant()
      }
      const withdraw = () => {
        const queue = queues.get(name) ?? []
        queue.splice(queue.indexOf(entry), 1)
        if (queue.length === 0) queues.delete(name)
        reject(new DOMException('The request was aborted.', 'AbortError'))
      }
      signal?.addEventListener('abort', withdraw, { once: true })
      queues.set(name, [...(queues.get(name) ?? []), entry])
    })
  }

  return {
    request,
    /** Names held and requests queued now. */
    state: () => ({ held: [...held], queued: [...queues].map(([name, q]) => [name, q.length]) }),
  }
}
