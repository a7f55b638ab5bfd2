#!/usr/bin/env node
// Builds and packs this checkout as a fresh clone would be, then installs the
// package every way a user can, into new projects, and imports it there.
//
// The clone (.cache/package/clone) holds the files git tracks or would track:
// no dist/, no build stamp, node_modules linked in, as after `npm install`
// in a clone. In it:
// - `npm run prepare` builds dist/: what npm runs for a git install. This is
//   the one build `npm test` makes; later steps check this dist/ (publint,
//   attw, size-limit) and install its tarball (test/apps).
// - the git tarball: `npm pack --ignore-scripts` after prepare, as npm packs
//   a git dependency (its package.json keeps `prepare`).
// - the registry tarball: `npm pack`, as the README says and as `npm publish`
//   packs. Its package.json has no scripts (scripts/pack-manifest.mjs), and
//   the clone's package.json is left as it was. Saved as
//   .cache/package/shared-call.tgz.
// Each tarball, and the folder itself, must give a package whose entries load
// by `import` and by `require` and whose core runs; the registry tarball must
// install without npm asking to approve install scripts.
import { execFileSync, spawnSync } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, '.cache', 'package')
const clone = join(out, 'clone')

/** Runs npm in `cwd`; returns its stdout, fails with its stderr. */
const npm = (args, cwd) => {
  const run = spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, encoding: 'utf8' })
  if (run.status !== 0) {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${run.stderr}${run.stdout}`)
  }
  return run
}

// What a user does first: one flight for two callers, from each module system.
const esm = `
import { SharedCall, encodeKey, sharedFetch, TimeoutError } from 'shared-call'
import { defineCoordinator, jsonCodec } from 'shared-call/coordinator'
import { tabsCoordinator } from 'shared-call/tabs'
let runs = 0
const shared = new SharedCall()
const work = async () => ++runs
const [a, b] = await Promise.all([shared.run('k', work), shared.run('k', work)])
if (a !== 1 || b !== 1 || runs !== 1) throw new Error('the installed core did not coalesce')
for (const f of [encodeKey, sharedFetch, defineCoordinator, tabsCoordinator])
  if (typeof f !== 'function') throw new Error('an export is missing')
if (typeof TimeoutError !== 'function' || typeof jsonCodec.encode !== 'function')
  throw new Error('an export is missing')
console.log('import ok')
`
const cjs = `
const { SharedCall } = require('shared-call')
const { defineCoordinator } = require('shared-call/coordinator')
if (typeof defineCoordinator !== 'function') throw new Error('an export is missing')
new SharedCall().run('k', () => 2).then((v) => {
  if (v !== 2) throw new Error('the installed core did not run')
  console.log('require ok')
})
`

/** A new project that depends on `spec`; returns the output of importing it there. */
const installAndImport = (spec, { scripts = false, args = [] } = {}) => {
  const project = mkdtempSync(join(tmpdir(), 'shared-call-install-'))
  try {
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'user-app', private: true, type: 'module' }),
    )
    const { stderr } = npm(['install', ...args, spec], project)
    // npm 11: "1 package has install scripts not yet covered by allowScripts".
    if (!scripts && /install[- ]scripts/i.test(stderr)) {
      throw new Error(`installing ${spec} asks to approve install scripts:\n${stderr}`)
    }
    const linked = lstatSync(join(project, 'node_modules', 'shared-call')).isSymbolicLink()
    if (linked !== (spec === clone && !args.includes('--install-links')))
      throw new Error(`npm install ${[...args, spec].join(' ')} ${linked ? 'linked' : 'copied'} it`)
    writeFileSync(join(project, 'esm.mjs'), esm)
    writeFileSync(join(project, 'cjs.cjs'), cjs)
    const run = (file) =>
      execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim()
    return `${run('esm.mjs')}, ${run('cjs.cjs')}`
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
}

/** `npm pack` in the clone with `args`; returns the tarball's path and its package.json. */
const pack = (args, destination) => {
  mkdirSync(destination, { recursive: true })
  const { stdout } = npm(['pack', '--json', '--pack-destination', destination, ...args], clone)
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('[')))
  if (!packed.files.some((f) => f.path === 'dist/index.js'))
    throw new Error('the tarball has no dist/')
  const tarball = join(destination, packed.filename)
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  )
  return { tarball, manifest, files: packed.files.length }
}

rmSync(out, { recursive: true, force: true })
const files = execFileSync(
  'git',
  ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
  {
    cwd: root,
    encoding: 'utf8',
  },
)
for (const file of files.split('\0')) {
  if (!file || !existsSync(join(root, file))) continue
  mkdirSync(dirname(join(clone, file)), { recursive: true })
  cpSync(join(root, file), join(clone, file))
}
symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir')

// A git install: npm installs the clone's dependencies, runs `prepare`, packs.
npm(['run', 'prepare'], clone)
const git = pack(['--ignore-scripts'], join(out, 'git'))
if (!git.manifest.scripts?.prepare) throw new Error('a git install lost its prepare script')

// The registry's way (npm pack, npm publish).
const manifestBefore = readFileSync(join(clone, 'package.json'), 'utf8')
const registry = pack([], join(out, 'registry'))
if (readFileSync(join(clone, 'package.json'), 'utf8') !== manifestBefore)
  throw new Error('npm pack left package.json changed')
if (registry.manifest.scripts)
  throw new Error(`the tarball ships scripts: ${JSON.stringify(registry.manifest.scripts)}`)
copyFileSync(registry.tarball, join(out, 'shared-call.tgz'))

console.log(`registry tarball (${registry.files} files): ${installAndImport(registry.tarball)}`)
// These two run `prepare` where npm builds them, so npm may list it.
console.log(`git tarball: ${installAndImport(git.tarball, { scripts: true })}`)
console.log(`folder, linked: ${installAndImport(clone, { scripts: true })}`)
console.log(
  `folder, --install-links: ${installAndImport(clone, { scripts: true, args: ['--install-links'] })}`,
)
