#!/usr/bin/env node
// Runs the core test suite on Node 22, Node 24, Deno and Bun, so "runs
// everywhere" is tested, not assumed. Deno and Bun come from the npm packages
// in devDependencies; Node 22 and 24 are the registry's node-<os>-<arch>
// packages, installed into .cache/ (out of the way: their `node` bin would
// shadow the system one inside npm scripts).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

const results = resolve(process.argv[2] ?? '.cache/test-results')
mkdirSync(results, { recursive: true })
const vitest = resolve('node_modules/vitest/vitest.mjs')
const bin = (name) => resolve('node_modules/.bin', name)
const platform = `${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`

/** The node binary of major version `major`, installed from npm on first use. */
const nodeBinary = (major) => {
  const prefix = resolve(`.cache/runtimes/node${major}`)
  const binary = join(prefix, 'node_modules', `node-${platform}`, 'bin', 'node')
  if (!existsSync(binary)) {
    console.log(`installing Node ${major} (npm package node-${platform}@${major}) into ${prefix}`)
    const install = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        `node-${platform}@${major}`,
      ],
      { stdio: 'inherit' },
    )
    if (install.status !== 0 || !existsSync(binary)) {
      console.error(
        `Could not install Node ${major}. Try: npm install --prefix ${prefix} node-${platform}@${major}`,
      )
      process.exit(1)
    }
  }
  return binary
}

// Forks, not threads: Deno's worker_threads lacks parentPort.removeAllListeners,
// which vitest calls at teardown.
const suite = (name) => [
  vitest,
  'run',
  '--project',
  'core',
  '--pool',
  'forks',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(results, `runtime-${name}.json`)}`,
]

const runtimes = [
  ['node22', () => [nodeBinary(22), ...suite('node22')]],
  ['node24', () => [nodeBinary(24), ...suite('node24')]],
  ['deno', () => [bin('deno'), 'run', '--allow-all', ...suite('deno')]],
  ['bun', () => [bin('bun'), '--bun', ...suite('bun')]],
]

const failed = []
for (const [name, command] of runtimes) {
  console.log(`\n— core tests on ${name}`)
  const [executable, ...args] = command()
  const { status } = spawnSync(executable, args, {
    stdio: 'inherit',
    env: { ...process.env, EXPECT_RUNTIME: name },
  })
  if (status !== 0) failed.push(name)
}
if (failed.length) {
  console.error(`\ncore tests failed on: ${failed.join(', ')}`)
  process.exit(1)
}
console.log('\ncore tests passed on Node 22, Node 24, Deno and Bun')
