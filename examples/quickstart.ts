import { SharedCall, sharedFetch } from 'shared-call'

export async function quickstart(db: { user(id: number): Promise<object> }, url: string) {
  const shared = new SharedCall()

  // Wrap a function: concurrent calls with equal arguments run it once.
  const getUser = shared.group(async (id: number) => db.user(id))
  await Promise.all(Array.from({ length: 100 }, () => getUser(42))) // db.user ran once
  const stats = shared.getStats() // { hits: 99, misses: 1, passes: 0, errors: 0, active: 0, remoteHits: 0, hitRate: 0.99 }

  // Or name the key yourself. Each caller may give up on its own; the work's
  // signal aborts only when every caller has left.
  const item = await shared.run(
    'item:1',
    (signal) => fetch(url, { signal }).then((r) => r.json()),
    {
      signal: AbortSignal.timeout(500),
    },
  )

  // fetch, coalesced: identical GETs in flight make one request, and each
  // caller gets its own Response with its own readable body.
  const [a, b] = await Promise.all([sharedFetch(url), sharedFetch(url)])
  return { stats, item, bodies: [await a.json(), await b.json()] }
}
