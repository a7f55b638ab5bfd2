import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall, sharedCallStats } from 'shared-call/hono'

// Stands in for your database or API: slow, and it counts its calls.
let upstreamCalls = 0
const slowUpstream = async (id: string) => {
  upstreamCalls++
  await new Promise((resolve) => setTimeout(resolve, 200))
  return { id, name: `Product ${id}` }
}

const shared = new SharedCall()
const app = new Hono()
app.use('/api/*', sharedCall({ shared }))
app.get('/api/products/:id', async (c) => c.json(await slowUpstream(c.req.param('id'))))
app.get('/_shared-call/stats', sharedCallStats(shared))
// Workers, Deno and Bun serve this export; on Node, serve(app) from @hono/node-server.
export default app

// 100 identical requests at once (app.request: in-process, as Hono's tests send them).
const responses = await Promise.all(
  Array.from({ length: 100 }, () => app.request('/api/products/1')),
)
const roles = responses.map((response) => response.headers.get('x-shared-call'))
const followers = roles.filter((role) => role === 'follower').length
console.log(`${followers} followers, ${upstreamCalls} upstream call`) // 99 followers, 1 upstream call
const { hits, misses } = await (await app.request('/_shared-call/stats')).json()
console.log({ hits, misses }) // { hits: 99, misses: 1 }
