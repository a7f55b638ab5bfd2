import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SharedCall, sharedFetch } from 'shared-call'

// Stands in for your database: slow, and it counts its queries.
let queries = 0
const db = {
  async user(id: number) {
    queries++
    await new Promise((resolve) => setTimeout(resolve, 50))
    return { id, name: 'Ada' }
  },
}

const shared = new SharedCall()

// Wrap a function: concurrent calls with equal arguments run it once.
const getUser = shared.group((id: number) => db.user(id))
const users = await Promise.all(Array.from({ length: 100 }, () => getUser(42)))
console.log(`${users.length} calls, ${queries} query`) // 100 calls, 1 query
const { hits, misses, hitRate } = shared.getStats()
console.log({ hits, misses, hitRate }) // { hits: 99, misses: 1, hitRate: 0.99 }

// An API to fetch from: here a local one, that counts its requests.
let requests = 0
const api = createServer((_, res) => {
  requests++
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify({ id: 1 }))
}).listen(0, '127.0.0.1')
await new Promise((resolve) => api.once('listening', resolve))
const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/items/1`

// Or name the key yourself. Each caller may give up on its own (this one
// when `leave.abort()` is called); the work's signal aborts only when
// every caller has left.
const leave = new AbortController()
const item = await shared.run('item:1', (signal) => fetch(url, { signal }).then((r) => r.json()), {
  signal: leave.signal,
})
console.log(item) // { id: 1 }

// fetch, coalesced: identical GETs in flight make one request, and each
// caller gets its own Response with its own readable body.
requests = 0
const [a, b] = await Promise.all([sharedFetch(url), sharedFetch(url)])
console.log(await a.json(), await b.json(), `${requests} request`) // { id: 1 } { id: 1 } 1 request
api.close()
