// docs/migrating-from-swr.md's example: an SWR component, unchanged (it
// imports 'swr'), runs on shared-call/swr, as a bundler alias would make it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it, vi } from 'vitest'
import { App } from './docs-example'
import { runScenario } from './docs-scenario'

vi.mock('swr', () => import('shared-call/swr'))

it('the example in docs/migrating-from-swr.md is docs-example.tsx, word for word', () => {
  const docs = readFileSync(join(import.meta.dirname, '../../docs/migrating-from-swr.md'), 'utf8')
  const example = readFileSync(join(import.meta.dirname, 'docs-example.tsx'), 'utf8')
  expect(docs).toContain(`\`\`\`tsx\n${example}\`\`\``)
})

it('runs unchanged on shared-call/swr', async () => {
  expect((await import('swr')).default).toBe((await import('shared-call/swr')).default)
  await runScenario(App)
})
