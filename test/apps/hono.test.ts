// The packed package in a new Hono app on Node, as `npm create hono` makes
// one: compiled by tsc (NodeNext, so its types resolve as Node's do), run
// with node, and sent 100 concurrent requests for one route.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { freePort } from '../../bench/lib/system'
import { deferred } from '../support/deferred'
import {
  countingServer,
  newApp,
  productionEnv,
  type Running,
  runToEnd,
  startServer,
  tool,
} from './app'

let dir: string

beforeAll(async () => {
  dir = newApp('hono', ['test/apps/fixtures/hono'])
  await runToEnd(process.execPath, [tool('typescript/bin/tsc'), '-p', '.'], { cwd: dir })
})

let app: Running | undefined
afterAll(async () => {
  await app?.stop()
})

/** Polls the app's stats until `callers` requests have joined (a barrier on the app's own count). */
const joined = async (url: string, callers: number) => {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const { hits, misses } = await (await fetch(`${url}/_stats`)).json()
    if (hits + misses >= callers) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`fewer than ${callers} requests reached the middleware`)
}

test('100 concurrent requests for one route: one upstream call, each request its own response', async () => {
  const release = deferred()
  const upstream = await countingServer(async (_, response) => {
    await release.promise
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify({ total: 42 }))
  })
  try {
    const port = await freePort()
    app = await startServer(process.execPath, ['dist/index.js'], {
      cwd: dir,
      env: productionEnv({ PORT: String(port), UPSTREAM_URL: upstream.url }),
      ready: /listening on/,
    })
    const url = `http://127.0.0.1:${port}`
    const responses = Promise.all(
      Array.from({ length: 100 }, async () => {
        const response = await fetch(`${url}/api/report`)
        return {
          status: response.status,
          role: response.headers.get('x-shared-call'),
          body: await response.json(),
        }
      }),
    )
    await joined(url, 100)
    release.resolve()
    const answers = await responses
    expect(upstream.count('/report')).toBe(1)
    expect(answers.every((answer) => answer.status === 200)).toBe(true)
    expect(answers.map((answer) => answer.body)).toEqual(Array(100).fill({ total: 42 }))
    expect(answers.filter((answer) => answer.role === 'leader')).toHaveLength(1)
    expect(answers.filter((answer) => answer.role === 'follower')).toHaveLength(99)
  } finally {
    release.resolve()
    await upstream.close()
  }
})
