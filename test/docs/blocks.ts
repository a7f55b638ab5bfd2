import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The repository root, ending in `/`. */
export const root = fileURLToPath(new URL('../../', import.meta.url))

/** One fenced code block of a Markdown file. */
export interface Block {
  /** The Markdown file, relative to the repository root. */
  doc: string
  /** The line of the block's first line of code (1-based), for `doc:line` in reports. */
  line: number
  /** The first word of the info string: `ts`, `tsx`, `sh`, … ('' when there is none). */
  lang: string
  /** The other words of the info string: `fragment`, `no-run`, `file=<name>`. */
  flags: string[]
  code: string
}

/**
 * What an info string may say after the language, for TypeScript blocks:
 * - `fragment`: part of a module (a signature, one call): neither checked nor run.
 * - `no-run`: a whole module that needs what this machine lacks (a Redis, a
 *   Worker runtime, a browser page): type-checked, not run.
 * - `file=<name>.ts`: the module's file name, so a later block of the same
 *   Markdown file can import it (`import app from './app'` after `file=app.ts`).
 * A block with neither of the first two is a whole module: type-checked and run.
 */
export const FLAGS = ['fragment', 'no-run', 'file=<name>.ts'] as const

const FILE = /^file=([\w-]+(?:\.[\w-]+)*\.tsx?)$/

/** Flags of the block that the docs test does not know (typos, mostly). */
export const unknownFlags = (block: Block) =>
  block.flags.filter((flag) => flag !== 'fragment' && flag !== 'no-run' && !FILE.test(flag))

/** The file name the block asks for with `file=<name>`, if it does. */
export const fileNameOf = (block: Block) =>
  block.flags.map((flag) => FILE.exec(flag)?.[1]).find(Boolean)

const TYPESCRIPT = new Set(['ts', 'tsx', 'typescript'])

/** Blocks the docs test compiles: TypeScript that is not a fragment. */
export const isModule = (block: Block) =>
  TYPESCRIPT.has(block.lang) && !block.flags.includes('fragment')

export const isTypeScript = (block: Block) => TYPESCRIPT.has(block.lang)

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/

/**
 * The fenced code blocks of a Markdown text (CommonMark's rules for fences:
 * up to three spaces of indent, ``` or ~~~, closed by a fence of the same
 * character at least as long; an unclosed block runs to the end).
 */
export const codeBlocks = (doc: string, markdown: string): Block[] => {
  const lines = markdown.split(/\r?\n/)
  const blocks: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!)
    if (!open) continue
    const [, indent, fence, info] = open as unknown as [string, string, string, string]
    // A backtick fence's info string may not contain a backtick (it is inline code then).
    if (fence[0] === '`' && info.includes('`')) continue
    const [lang = '', ...flags] = info.trim().split(/\s+/).filter(Boolean)
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]!)
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break
      body.push(lines[j]!.replace(new RegExp(`^ {0,${indent.length}}`), ''))
    }
    blocks.push({ doc, line: i + 2, lang, flags, code: `${body.join('\n')}\n` })
    i = j
  }
  return blocks
}

/** README.md and every docs/*.md, relative to the root. */
export const docFiles = (): string[] => [
  'README.md',
  ...readdirSync(`${root}docs`)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
]

/** Every code block of the docs. */
export const docBlocks = (): Block[] =>
  docFiles().flatMap((doc) => codeBlocks(doc, readFileSync(`${root}${doc}`, 'utf8')))
