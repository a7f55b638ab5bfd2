import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { quickstart } from '../../examples/quickstart'
import { startServer } from './http-server'

let server: Awaited<ReturnType<typeof startServer>>
beforeAll(async () => {
  server = await startServer((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"id":1}')
  })
  server.open()
})
afterAll(() => server.close())

it('the README quickstart is examples/quickstart.ts, word for word', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const example = readFileSync(new URL('../../examples/quickstart.ts', import.meta.url), 'utf8')
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
})

it('the quickstart does what its comments say', async () => {
  const db = { user: vi.fn(async (id: number) => ({ id })) }
  const { stats, item, bodies } = await quickstart(db, server.url('/items/1'))
  expect(db.user).toHaveBeenCalledTimes(1)
  expect(stats).toEqual({
    hits: 99,
    misses: 1,
    passes: 0,
    errors: 0,
    active: 0,
    remoteHits: 0,
    hitRate: 0.99,
  })
  expect(item).toEqual({ id: 1 })
  expect(bodies).toEqual([{ id: 1 }, { id: 1 }])
  // one request for `item`, one for the two coalesced sharedFetch calls
  expect(server.seen).toHaveLength(2)
})

it('the README React example is the one docs/react.md tests, word for word', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const example = readFileSync(new URL('../react/docs-example.tsx', import.meta.url), 'utf8')
  const blocks = [...readme.matchAll(/```tsx\n([\s\S]*?)```/g)].map((match) => match[1]!)
  expect(blocks.length).toBeGreaterThan(0)
  for (const block of blocks) expect(example).toContain(block)
})
