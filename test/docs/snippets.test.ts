// Every TypeScript block of README.md and docs/*.md is a module that compiles
// against the package's source and runs, unless its info string says
// otherwise: ```ts fragment (part of a module: skipped) or ```ts no-run
// (needs Redis, a Worker, a browser: type-checked only); ```ts file=app.ts
// names a module that later blocks of the same file import as './app'.
// Failures name the Markdown file and line.
import { beforeAll, describe, expect, test } from 'vitest'
import { type Block, docBlocks, FLAGS, isModule, isTypeScript, unknownFlags } from './blocks'
import { printedLines, saidOutput } from './prints'
import { runModule } from './run'
import { type Snippet, type Snippets, typecheck, writeSnippets } from './typecheck'

const blocks = docBlocks()
const modules = blocks.filter(isModule)
const where = (block: Block) => `${block.doc}:${block.line}`

let written: Snippets
let errors: Map<Snippet, string[]>

beforeAll(() => {
  written = writeSnippets(modules)
  errors = typecheck(written)
}, 120_000)

const snippetOf = (block: Block) => written.snippets.find((s) => s.block === block)!

test('the docs have TypeScript blocks to check', () => {
  expect(modules.length).toBeGreaterThan(0)
})

test.each(blocks.filter(isTypeScript).map((block) => [where(block), block] as const))(
  '%s says only what the docs test knows',
  (_, block) => {
    expect(
      unknownFlags(block),
      `${where(block)}: info string flags (known: ${FLAGS.join(', ')})`,
    ).toEqual([])
  },
)

describe.each([...new Set(modules.map((b) => b.doc))])('%s', (doc) => {
  const here = modules.filter((block) => block.doc === doc)

  test.each(here.map((block) => [where(block), block] as const))(
    '%s type-checks as a module of its own',
    (_, block) => {
      const found = errors.get(snippetOf(block))!
      if (found.length) throw new Error(`${where(block)} does not compile:\n${found.join('\n')}`)
    },
  )

  test.concurrent.each(
    here.filter((b) => !b.flags.includes('no-run')).map((block) => [where(block), block] as const),
  )('%s runs', async (_, block) => {
    const { ok, output, stdout } = await runModule(snippetOf(block).file, {
      tsconfig: written.tsconfig,
      timeoutMs: 20_000,
    })
    if (!ok) throw new Error(`${where(block)} failed when run:\n${output}`)
    // A block that shows what it prints prints exactly that.
    const said = saidOutput(block.code)
    if (said) expect(printedLines(stdout), `${where(block)} prints what it shows`).toEqual(said)
  })
})
