// A fixture that runs as a Node process of its own (a fleet member), bundled
// with what it imports (our sources, node-redis, ioredis) into one plain
// ES module. `node --import tsx fixture.ts` starts in 1–2 s, as tsx's loader
// resolves and compiles each of node-redis's hundreds of modules on the way;
// the bundle starts in a few hundred ms. Four members per test, thirty-odd
// tests: that was most of the fleet project's wall time.
import { createHash } from 'node:crypto'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Rolldown } from 'vite'

const root = fileURLToPath(new URL('../..', import.meta.url))
const out = join(root, '.cache', 'fleet')

const built = new Map<string, Promise<string>>()

/**
 * The path of `entry` (a .ts file) bundled for `node <path>`, built once per
 * test file, from the sources as they are now. `shared-call/*` resolve to
 * src/ (tsconfig's paths), as under tsx.
 */
export const bundled = (entry: string): Promise<string> => {
  let path = built.get(entry)
  if (!path) {
    path = bundle(entry)
    built.set(entry, path)
  }
  return path
}

const bundle = async (entry: string) => {
  const output = (await build({
    configFile: false,
    root,
    logLevel: 'warn',
    resolve: { tsconfigPaths: true },
    ssr: { noExternal: true },
    build: {
      ssr: entry,
      write: false,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'esm', codeSplitting: false } },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[]
  const [chunk, ...more] = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output)
  if (chunk?.type !== 'chunk' || more.length > 0)
    throw new Error(`bundling ${entry} gave ${more.length + 1} files, not one`)
  // Named by its content: a test file never runs another file's older bundle.
  const hash = createHash('sha256').update(chunk.code).digest('hex').slice(0, 16)
  mkdirSync(out, { recursive: true })
  const path = join(out, `${hash}.mjs`)
  const written = `${path}.${process.pid}.tmp`
  writeFileSync(written, chunk.code)
  renameSync(written, path)
  return path
}
