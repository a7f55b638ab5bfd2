#!/usr/bin/env node
// Installs this checkout as a user would, into a new project in a temp
// directory, and imports it there. The checkout is first copied as a clone
// would have it (the files git tracks or would track: no dist/, no build
// stamp), with node_modules linked in, as after `npm install` in a clone.
// From that copy: the tarball `npm pack` makes (what a git install or a
// registry delivers; npm runs `prepare`, which builds dist/), then the
// folder itself (`npm install ../shared-call`). Each must give a package
// whose entries load by `import` and by `require`, and whose core runs.
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const npm = (args, cwd) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })

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
const installAndImport = (spec) => {
  const project = mkdtempSync(join(tmpdir(), 'shared-call-install-'))
  try {
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'user-app', private: true, type: 'module' }),
    )
    npm(['install', spec], project)
    writeFileSync(join(project, 'esm.mjs'), esm)
    writeFileSync(join(project, 'cjs.cjs'), cjs)
    const run = (file) =>
      execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim()
    return `${run('esm.mjs')}, ${run('cjs.cjs')}`
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
}

const work = mkdtempSync(join(tmpdir(), 'shared-call-pack-'))
try {
  const clone = join(work, 'shared-call')
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
  const out = npm(['pack', '--json', '--pack-destination', work], clone)
  const [packed] = JSON.parse(out.slice(out.indexOf('[')))
  if (!packed.files.some((f) => f.path === 'dist/index.js'))
    throw new Error('the tarball has no dist/')
  console.log(
    `tarball (${packed.files.length} files): ${installAndImport(join(work, packed.filename))}`,
  )
  console.log(`folder: ${installAndImport(clone)}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
