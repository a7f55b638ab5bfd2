import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import ts from 'typescript'
import { type Block, fileNameOf, root } from './blocks'

/** Where the docs' blocks are written as modules: inside the repository, so imports resolve as in it. */
export const snippetsDir = `${root}.cache/docs-snippets/`

/** A block written out as a module of its own. */
export interface Snippet {
  block: Block
  /** Absolute path of the module. */
  file: string
}

export interface Snippets {
  snippets: Snippet[]
  /**
   * Their tsconfig: the repository's (so `shared-call/*` resolve to src/ as
   * in every test, for tsc and for tsx), with each file a module of its own,
   * so blocks never see each other's names.
   */
  tsconfig: string
}

/**
 * Writes each block as a module under `dir` (emptied first), in one folder
 * per Markdown file so blocks of one file can import each other:
 * `README.md` line 40 → `README-md/L40.ts` (`.tsx` for tsx blocks), or the
 * name its `file=` flag gives.
 */
export const writeSnippets = (blocks: Block[], dir = snippetsDir): Snippets => {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const tsconfig = `${dir}tsconfig.json`
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: relative(dir, `${root}tsconfig.json`),
      compilerOptions: { moduleDetection: 'force', noEmit: true },
      include: ['**/*.ts', '**/*.tsx'],
    }),
  )
  const snippets = blocks.map((block) => {
    const folder = `${dir}${block.doc.replace(/[/.]/g, '-')}/`
    const name = fileNameOf(block) ?? `L${block.line}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`
    const file = `${folder}${name}`
    if (existsSync(file)) {
      throw new Error(`${block.doc}:${block.line}: a second block named ${name} in this file`)
    }
    mkdirSync(folder, { recursive: true })
    writeFileSync(file, block.code)
    return { block, file }
  })
  return { snippets, tsconfig }
}

const compilerOptions = (tsconfig: string): ts.CompilerOptions => {
  const { config, error } = ts.readConfigFile(tsconfig, ts.sys.readFile)
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  return ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, tsconfig).options
}

const text = (diagnostic: ts.Diagnostic) =>
  `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`

/**
 * Type-checks every snippet in one program, and returns each one's errors as
 * `doc:line:column TScode: message`, the line being the Markdown file's.
 */
export const typecheck = ({ snippets, tsconfig }: Snippets): Map<Snippet, string[]> => {
  const program = ts.createProgram(
    snippets.map((s) => s.file),
    compilerOptions(tsconfig),
  )
  // Problems of the options or the global types would break every block: say so on each.
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(text)
  const errors = new Map<Snippet, string[]>()
  for (const snippet of snippets) {
    const source = program.getSourceFile(snippet.file)!
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ]
    errors.set(snippet, [
      ...global,
      ...diagnostics.map((diagnostic) => {
        const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
        return `${snippet.block.doc}:${snippet.block.line + line}:${character + 1} ${text(diagnostic)}`
      }),
    ])
  }
  return errors
}
