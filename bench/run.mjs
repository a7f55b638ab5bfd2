#!/usr/bin/env node
// Runs every benchmark, or the ones named: `npm run bench -- micro database`.
// Each runs in its own Node process (a clean heap; --expose-gc where it
// measures memory), through tsx so `shared-call` resolves to src/core via the
// tsconfig paths, exactly as a user's import would. Then docs/benchmarks.md is
// regenerated from bench/results/*.json.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const benchmarks = [
  { name: 'database', file: 'database.ts', about: 'seed scenario 1: PostgreSQL, pool of 10' },
  { name: 'stampede', file: 'stampede.ts', about: 'seed scenario 2: Redis entry expires' },
  { name: 'ratelimit', file: 'ratelimit.ts', about: 'seed scenario 3: 10 req/s HTTP API' },
  { name: 'micro', file: 'micro.ts', flags: ['--expose-gc'], about: 'ns/call vs peers' },
  {
    name: 'memory',
    file: 'memory.ts',
    flags: ['--expose-gc'],
    about: '1M calls: heap, map, listeners',
  },
  { name: 'http', file: 'http.ts', about: 'autocannon against edge-demo' },
  {
    name: 'fleet',
    file: 'fleet.ts',
    about: '4 processes × 100 callers: local vs Redis coordinator',
  },
  { name: 'react', file: 'react.ts', about: '1000 components in Chromium' },
  {
    name: 'otel',
    file: 'otel.ts',
    flags: ['--expose-gc'],
    about: 'shared-call/otel: instrumented vs not, plain path',
  },
]

const names = process.argv.slice(2)
if (names.includes('--help') || names.includes('-h')) {
  console.log('npm run bench [-- <name>...]   names:')
  for (const b of benchmarks) console.log(`  ${b.name.padEnd(10)} ${b.about}`)
  console.log('  docs       only regenerate docs/benchmarks.md from bench/results')
  process.exit(0)
}
const unknown = names.filter((name) => name !== 'docs' && !benchmarks.some((b) => b.name === name))
if (unknown.length > 0) {
  console.error(
    `unknown benchmark: ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}, docs`,
  )
  process.exit(2)
}

const selected = names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.name))
const failed = []
for (const bench of selected) {
  console.log(`\n=== ${bench.name}: ${bench.about}`)
  const { status, signal } = spawnSync(
    process.execPath,
    [...(bench.flags ?? []), '--import', 'tsx', join('bench', bench.file)],
    { cwd: root, stdio: 'inherit' },
  )
  if (status !== 0) failed.push(`${bench.name} (${signal ?? `exit ${status}`})`)
}

// The docs always reflect every result file present, old or new.
const docs = spawnSync(process.execPath, [join('bench', 'chart.mjs')], {
  cwd: root,
  stdio: 'inherit',
})
if (docs.status !== 0) failed.push('docs')

if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`)
  process.exit(1)
}
