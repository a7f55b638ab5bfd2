#!/usr/bin/env node
// `npm pack` and `npm publish` run this around making the tarball: as
// `prepack` (no argument) and as `postpack` (`--restore`).
//
// The tarball's package.json carries no `scripts`: each runs a file of this
// repository that the tarball does not ship, and npm 11 lists `prepare` as an
// install script for the user to approve. The repository keeps them: a git
// install builds dist/ through `prepare`, which npm runs there alone (never
// prepack), so it is unaffected.
//
// prepack builds dist/ if it is stale (once `prepare` is gone from
// package.json, `npm pack` no longer runs it), keeps package.json aside and
// writes it without `scripts`. postpack puts it back byte for byte. A pack
// that died between the two left the copy aside: the next prepack restores it
// first.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const manifest = join(root, 'package.json')
const aside = join(root, '.cache', 'package.json.packing')

const restore = () => {
  if (existsSync(aside)) renameSync(aside, manifest)
}

if (process.argv.includes('--restore')) {
  restore()
  process.exit(0)
}

restore()
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-changed'], {
  cwd: root,
  // stdout is npm's: `npm pack --json` prints its JSON there.
  stdio: ['inherit', process.stderr, 'inherit'],
})
if (build.status !== 0) process.exit(build.status ?? 1)

const text = readFileSync(manifest, 'utf8')
const { scripts, ...packed } = JSON.parse(text)
mkdirSync(dirname(aside), { recursive: true })
writeFileSync(aside, text)
writeFileSync(manifest, `${JSON.stringify(packed, null, 2)}\n`)
