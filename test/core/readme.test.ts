import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { printedLines, saidOutput } from '../docs/prints'
import { runModule } from '../docs/run'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

// The README's runnable examples are files of examples/, word for word, and
// each runs on Node as it is (`npx tsx examples/<name>.ts`) and prints what
// its comments show. (test/docs runs the README's copies the same way.)
describe.each(['quickstart', 'hono'])('examples/%s.ts', (name) => {
  const path = new URL(`../../examples/${name}.ts`, import.meta.url)
  const example = readFileSync(path, 'utf8')

  it('is in the README, word for word', () => {
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  })

  it('runs on Node and prints what its comments show', async () => {
    const said = saidOutput(example)
    expect(said?.length).toBeGreaterThan(0)
    const { ok, output, stdout } = await runModule(fileURLToPath(path), { timeoutMs: 30_000 })
    expect(ok, output).toBe(true)
    expect(printedLines(stdout)).toEqual(said)
  }, 40_000)
})

it('the README React example is the one docs/react.md tests, word for word', () => {
  const example = readFileSync(new URL('../react/docs-example.tsx', import.meta.url), 'utf8')
  const blocks = [...readme.matchAll(/```tsx\n([\s\S]*?)```/g)].map((match) => match[1]!)
  expect(blocks.length).toBeGreaterThan(0)
  for (const block of blocks) expect(example).toContain(block)
})
