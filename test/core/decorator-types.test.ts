import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The public types of `@shared.group`, checked by the TypeScript compiler
// under each decorator setting a user's tsconfig may have.
const core = fileURLToPath(new URL('../../src/core/index.ts', import.meta.url))
const fixture = fileURLToPath(new URL('./decorated.fixture.ts', import.meta.url))

const source = `
import { SharedCall } from 'shared-call'
const shared = new SharedCall()
export class Repo {
  @shared.group
  async find(id: number) { return { id } }
  @shared.group({ key: (email: string) => email.toLowerCase() })
  async byEmail(email: string) { return { email } }
  @shared.group()
  static async count(table: string) { return table.length }
}
const found: Promise<{ id: number }> = new Repo().find(1)
const counted: Promise<number> = Repo.count('users')
export { found, counted }
`

const parsed = new Map<string, ts.SourceFile>()

const diagnose = (options: ts.CompilerOptions, text = source): string[] => {
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: [
      'lib.es2023.d.ts',
      'lib.dom.d.ts',
      'lib.dom.iterable.d.ts',
      'lib.decorators.d.ts',
      'lib.decorators.legacy.d.ts',
    ],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    paths: { 'shared-call': [core] },
    ...options,
  }
  const host = ts.createCompilerHost(compilerOptions)
  const read = host.readFile.bind(host)
  host.readFile = (name) => (name === fixture ? text : read(name))
  const exists = host.fileExists.bind(host)
  host.fileExists = (name) => name === fixture || exists(name)
  const getSource = host.getSourceFile.bind(host)
  host.getSourceFile = (name, language, ...rest) => {
    if (name === fixture) return ts.createSourceFile(name, text, language)
    // lib.*.d.ts and the core parse once for every case.
    let file = parsed.get(name)
    if (!file) {
      file = getSource(name, language, ...rest)
      if (file) parsed.set(name, file)
    }
    return file
  }
  const program = ts.createProgram([fixture], compilerOptions, host)
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

describe('@shared.group type-checks under each decorator setting', () => {
  it.each([
    ['standard (TC39) decorators', {}],
    ['experimentalDecorators', { experimentalDecorators: true }],
    [
      'experimentalDecorators with emitDecoratorMetadata',
      { experimentalDecorators: true, emitDecoratorMetadata: true },
    ],
  ])(
    '%s',
    (_, options) => {
      expect(diagnose(options)).toEqual([])
    },
    30_000,
  )

  it('and reports a mistake, so a pass above means something', () => {
    const wrong = source.replace(
      'const found: Promise<{ id: number }>',
      'const found: Promise<string>',
    )
    expect(diagnose({ experimentalDecorators: true }, wrong).join('\n')).toMatch(
      /not assignable to type 'Promise<string>'/,
    )
  }, 30_000)
})
