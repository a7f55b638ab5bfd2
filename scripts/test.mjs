#!/usr/bin/env node
// `npm test`: every check a change must pass, in order, stopping at the first
// failure. Vitest steps also write JSON so the closing line can count tests.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'

const results = '.cache/test-results'
rmSync(results, { recursive: true, force: true })
mkdirSync(results, { recursive: true })

const vitest = (name, ...args) => [
  'npx',
  'vitest',
  'run',
  ...args,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}/${name}.json`,
]

const steps = [
  ['type check', ['npx', 'tsc', '--noEmit']],
  ['lint', ['npx', 'biome', 'check', '.']],
  [
    'unit tests',
    vitest(
      'unit',
      '--project',
      'core',
      '--project',
      'tabs',
      '--project',
      'react',
      '--project',
      'hono',
      '--project',
      'otel',
    ),
  ],
  ['type tests', vitest('types', '--project', 'types')],
  ['docs snippets (README.md, docs/*.md)', vitest('docs', '--project', 'docs')],
  ['build', ['npm', 'run', 'build']],
  ['package: publint', ['npx', 'publint', '--strict']],
  ['package: are the types wrong', ['npx', 'attw', '--pack', '.', '--profile', 'node16']],
  ['package: size-limit', ['npx', 'size-limit']],
  ['package: installs from a clean checkout', ['node', 'scripts/check-install.mjs']],
  ['core on Node 22, Node 24, Deno and Bun', ['node', 'scripts/runtimes.mjs', results]],
  ['fleet (Redis coordinator, real redis-server)', vitest('fleet', '--project', 'fleet')],
  ['edge runtimes (workerd, Deno, Node, Bun)', vitest('edge', '--project', 'integration')],
  ['browser (Chromium)', ['node', 'scripts/e2e.mjs', ...vitest('e2e', '--project', 'e2e')]],
]

const only = process.argv.slice(2)
let passed = 0
let failed = 0
for (const [title, [command, ...args]] of steps) {
  if (only.length && !only.some((word) => title.includes(word))) continue
  console.log(`\n▶ ${title}`)
  const started = Date.now()
  const { status } = spawnSync(command, args, { stdio: 'inherit' })
  console.log(
    `${status === 0 ? '✔' : '✘'} ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  )
  if (status !== 0) {
    failed = 1
    break
  }
}

for (const file of readdirSync(results)) {
  try {
    const report = JSON.parse(readFileSync(`${results}/${file}`, 'utf8'))
    passed += report.numPassedTests
    failed += report.numFailedTests
  } catch {
    // that step did not run or wrote no report
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
