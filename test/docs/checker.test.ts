// The docs test's own parts: it must find every block, say the right line,
// and fail a block that does not compile or run (else a green run proves nothing).
import { writeFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { type Block, codeBlocks, fileNameOf, isModule, root, unknownFlags } from './blocks'
import { printedLines, saidOutput } from './prints'
import { runModule } from './run'
import { typecheck, writeSnippets } from './typecheck'

const md = [
  '# Title', // 1
  '', // 2
  '```ts', // 3
  "import { SharedCall } from 'shared-call'", // 4
  'export const shared = new SharedCall()', // 5
  '```', // 6
  '', // 7
  '  ~~~tsx fragment', // 8
  '  <App />', // 9
  '  ~~~', // 10
  '````md', // 11
  '```ts', // 12
  'not a block of its own', // 13
  '```', // 14
  '````', // 15
  '```ts no-run file=app.ts', // 16
  'export default 1', // 17
  '```', // 18
  '```sh', // 19
  'npm test', // 20
].join('\n')

describe('codeBlocks', () => {
  const blocks = codeBlocks('x.md', md)

  test('finds each fenced block with its language, flags and first line', () => {
    expect(blocks.map(({ line, lang, flags }) => ({ line, lang, flags }))).toEqual([
      { line: 4, lang: 'ts', flags: [] },
      { line: 9, lang: 'tsx', flags: ['fragment'] },
      { line: 12, lang: 'md', flags: [] },
      { line: 17, lang: 'ts', flags: ['no-run', 'file=app.ts'] },
      { line: 20, lang: 'sh', flags: [] },
    ])
  })

  test('keeps a longer fence’s content whole and strips the fence’s indent', () => {
    expect(blocks[1]!.code).toBe('<App />\n')
    expect(blocks[2]!.code).toBe('```ts\nnot a block of its own\n```\n')
    expect(blocks[4]!.code).toBe('npm test\n') // unclosed: runs to the end
  })

  test('only TypeScript that is not a fragment is a module', () => {
    expect(blocks.filter(isModule).map((b) => b.line)).toEqual([4, 17])
  })

  test('flags: known ones pass, typos and paths out of the folder do not', () => {
    const block = (flags: string[]): Block => ({
      doc: 'x.md',
      line: 1,
      lang: 'ts',
      flags,
      code: '',
    })
    expect(unknownFlags(block(['fragment', 'no-run', 'file=app.ts', 'file=a.b.tsx']))).toEqual([])
    expect(unknownFlags(block(['fragement', 'file=../app.ts', 'file=app', 'run']))).toEqual([
      'fragement',
      'file=../app.ts',
      'file=app',
      'run',
    ])
    expect(fileNameOf(block(['no-run', 'file=app.ts']))).toBe('app.ts')
  })
})

describe('typecheck', () => {
  const dir = `${root}.cache/docs-checker-test/`
  const block = (line: number, code: string, flags: string[] = []): Block => ({
    doc: 'x.md',
    line,
    lang: 'ts',
    flags,
    code,
  })

  test('reports errors at the Markdown line, each block a module of its own', () => {
    const written = writeSnippets(
      [
        block(10, "import { SharedCall } from 'shared-call'\nconst shared = new SharedCall()\n"),
        // The same name in another block is no clash; a missing import is an error at line 21.
        block(20, 'const shared = 1\nexport const n: number = shared + missing\n'),
        block(30, 'export const app = { ok: true }\n', ['file=app.ts']),
        block(40, "import { app } from './app'\nexport const ok: boolean = app.ok\n"),
      ],
      dir,
    )
    const errors = [...typecheck(written).values()]
    expect(errors[0]).toEqual([])
    expect(errors[1]).toEqual(["x.md:21:35 TS2304: Cannot find name 'missing'."])
    expect(errors[2]).toEqual([])
    expect(errors[3]).toEqual([])
  }, 60_000)

  test('refuses two blocks of one file with the same name', () => {
    expect(() =>
      writeSnippets([block(1, '', ['file=app.ts']), block(5, '', ['file=app.ts'])], `${dir}twice/`),
    ).toThrow('x.md:5: a second block named app.ts in this file')
  })
})

describe('runModule', () => {
  const dir = `${root}.cache/docs-checker-test/run/`
  const run = (name: string, code: string) => {
    const written = writeSnippets([], dir)
    const file = `${dir}${name}`
    writeFileSync(file, code)
    return runModule(file, { tsconfig: written.tsconfig, timeoutMs: 10_000 })
  }

  test('a module that finishes, leaving a server open, has run', async () => {
    const result = await run(
      'server.ts',
      "import { createServer } from 'node:http'\nimport { SharedCall } from 'shared-call'\n" +
        "await new SharedCall().run('k', async () => 1)\ncreateServer().listen(0)\n",
    )
    expect(result).toEqual({ ok: true, output: '', stdout: '' })
  })

  test('a throw, a rejection nobody handles, or an await that never ends fail it', async () => {
    const thrown = await run('throws.ts', "throw new Error('boom')\n")
    expect(thrown.ok).toBe(false)
    expect(thrown.output).toContain('Error: boom')

    const rejected = await run('rejects.ts', "Promise.reject(new Error('late'))\n")
    expect(rejected.ok).toBe(false)
    expect(rejected.output).toContain('late')

    const orphan = await run('orphan.ts', 'await new Promise(() => {})\n')
    expect(orphan).toEqual({
      ok: false,
      output: expect.stringContaining('never finished'),
      stdout: '',
    })

    const written = writeSnippets([], dir)
    writeFileSync(`${dir}busy.ts`, 'await new Promise(() => setInterval(() => {}, 1000))\n')
    const busy = await runModule(`${dir}busy.ts`, { tsconfig: written.tsconfig, timeoutMs: 3000 })
    expect(busy).toEqual({
      ok: false,
      output: expect.stringContaining('still running after 3000'),
      stdout: '',
    })
  }, 30_000)
})

describe('what a block says it prints', () => {
  test('is the comment after each console.log, in order, and what it prints is compared line by line', async () => {
    const code = "console.log(1 + 1) // 2\nconst x = 'a'\nconsole.log(x, x) // a a\n"
    expect(saidOutput(code)).toEqual(['2', 'a a'])
    const dir = `${root}.cache/docs-checker-test/`
    writeSnippets([], dir)
    writeFileSync(`${dir}prints.ts`, code)
    const { ok, stdout } = await runModule(`${dir}prints.ts`, { timeoutMs: 10_000 })
    expect(ok).toBe(true)
    expect(printedLines(stdout)).toEqual(['2', 'a a'])
    // A comment that says something else is told apart.
    expect(printedLines(stdout)).not.toEqual(saidOutput(code.replace('// 2', '// 3')))
  })

  test('says nothing for a block without such comments, and refuses one that says it for only some calls', () => {
    expect(saidOutput('console.log(1)\n')).toBeUndefined()
    expect(() => saidOutput('console.log(1) // 1\nconsole.log(2)\n')).toThrow(
      '1 of its 2 console.log calls do not say what they print',
    )
  })
})
