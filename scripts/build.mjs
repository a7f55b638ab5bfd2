#!/usr/bin/env node
// `npm run build`: dist/ from src/ with tsup, then a stamp of what it was
// built from. `npm run prepare` (`--if-changed`), which npm runs when the
// package is installed from git or a folder, packed, or `npm ci`-ed here,
// builds only when that stamp no longer matches, so an install in a checkout
// whose dist/ is current costs a hash of the sources, not a build.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const stamp = join(root, '.cache', 'dist-sources.sha256')
const inputs = [
  'package.json',
  'package-lock.json',
  'tsup.config.ts',
  'tsconfig.json',
  'tsconfig.build.json',
]

/** Every file under `dir`, sorted, relative to the root. */
const walk = (dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    )
    .sort()

const digest = () => {
  const hash = createHash('sha256')
  for (const file of [...inputs, ...walk('src')]) {
    const path = join(root, file)
    hash.update(`${file}\0${existsSync(path) ? readFileSync(path).toString('base64') : ''}\0`)
  }
  return hash.digest('hex')
}

const sources = digest()
const built = existsSync(stamp) ? readFileSync(stamp, 'utf8') : ''
if (process.argv.includes('--if-changed') && built === sources && existsSync(join(root, 'dist'))) {
  console.error('shared-call: dist/ is up to date with src/, not rebuilt')
  process.exit(0)
}

const tsup = join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js')
if (!existsSync(tsup)) {
  console.error(
    `shared-call: cannot build dist/: its devDependencies are not installed in ${root}. Run \`npm install\` there first.`,
  )
  process.exit(1)
}
rmSync(join(root, 'dist'), { recursive: true, force: true })
rmSync(stamp, { force: true })
// Its log goes to stderr: `npm pack --json` runs this and prints JSON on stdout.
const { status } = spawnSync(process.execPath, [tsup], {
  cwd: root,
  stdio: ['inherit', process.stderr, 'inherit'],
})
if (status !== 0) process.exit(status ?? 1)
mkdirSync(dirname(stamp), { recursive: true })
writeFileSync(stamp, sources)
