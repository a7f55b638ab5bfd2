#!/usr/bin/env node
// `npm run compat:swr -- <a vercel/swr checkout>`: how much of SWR's own
// behaviour `shared-call/swr` reproduces. Runs SWR's test files
// (test/use-swr-*.test.tsx) twice in one harness: against real SWR (the
// `swr` devDependency), then with `swr` pointing at shared-call/swr. A test
// counts only if real SWR passes it here; the report lists, per file, those
// that fail through shared-call/swr.
//
// SWR's tests stay in their checkout: they are read and run from a scratch
// copy in .cache/swr-suite, never added to this repository. They need two
// packages this repository does not (jest-dom's matchers, an error
// boundary), installed there on the first run. Not part of `npm test`: it
// needs SWR's sources and the network once.
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const checkout = process.argv[2]
if (!checkout || !existsSync(join(checkout, 'test', 'utils.tsx'))) {
  console.error(
    'usage: npm run compat:swr -- <path to a vercel/swr checkout>\n' +
      '  (git clone https://github.com/vercel/swr; the folder that has test/utils.tsx)',
  )
  process.exit(2)
}

const work = join(root, '.cache', 'swr-suite')
const tests = join(work, 'test')
rmSync(tests, { recursive: true, force: true })
mkdirSync(tests, { recursive: true })
for (const name of readdirSync(join(checkout, 'test')))
  if (/^use-swr-.*\.test\.tsx$|^utils\.tsx$/.test(name))
    cpSync(join(checkout, 'test', name), join(tests, name))

const extras = ['@testing-library/jest-dom', 'react-error-boundary']
if (!extras.every((name) => existsSync(join(work, 'node_modules', name)))) {
  writeFileSync(join(work, 'package.json'), '{ "private": true }\n')
  // --legacy-peer-deps: React stays the repository's own, one copy.
  const install = spawnSync(
    'npm',
    ['install', '--no-save', '--legacy-peer-deps', '--no-audit', '--no-fund', ...extras],
    { cwd: work, stdio: 'inherit' },
  )
  if (install.status !== 0) process.exit(install.status ?? 1)
}

writeFileSync(
  join(work, 'setup.ts'),
  "import '@testing-library/jest-dom/vitest'\nimport { vi } from 'vitest'\n// SWR's tests are written for Jest.\n;(globalThis as { jest?: unknown }).jest = vi\n",
)
const src = (path) => JSON.stringify(resolve(root, 'src', path))
writeFileSync(
  join(work, 'vitest.config.mts'),
  `import { defineConfig } from 'vitest/config'
const ours = process.env.SWR_SUITE === 'ours'
export default defineConfig({
  resolve: {
    alias: ours
      ? [
          { find: /^swr$/, replacement: ${src('swr/index.ts')} },
          { find: /^shared-call\\/react$/, replacement: ${src('react/index.ts')} },
          { find: /^shared-call$/, replacement: ${src('core/index.ts')} },
        ]
      : [],
  },
  test: {
    root: ${JSON.stringify(work)},
    include: ['test/use-swr-*.test.tsx'],
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./setup.ts'],
  },
})
`,
)

/** Runs the suite against `which` and returns each test's status, by file and name. */
const run = (which) => {
  const report = join(work, `${which}.json`)
  rmSync(report, { force: true })
  spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--config',
      join(work, 'vitest.config.mts'),
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, SWR_SUITE: which },
    },
  )
  const status = new Map()
  for (const file of JSON.parse(readFileSync(report, 'utf8')).testResults)
    for (const test of file.assertionResults)
      status.set(`${file.name.split('/').pop()} › ${test.fullName}`, test.status)
  return status
}

console.log('SWR’s tests against real SWR…')
const swr = run('swr')
console.log('…and through shared-call/swr')
const ours = run('ours')

const counted = [...swr].filter(([, status]) => status === 'passed').map(([name]) => name)
const failing = counted.filter((name) => ours.get(name) !== 'passed')
const byFile = new Map()
for (const name of failing) {
  const file = name.split(' › ')[0]
  byFile.set(file, [...(byFile.get(file) ?? []), name])
}
for (const [file, names] of byFile) {
  console.log(`\n${file}: ${names.length}`)
  for (const name of names) console.log(`  ${name.split(' › ').slice(1).join(' › ')}`)
}
console.log(
  `\nshared-call/swr passes ${counted.length - failing.length} of the ${counted.length} SWR tests that real SWR passes in this harness` +
    ` (${[...swr].length} run). useSWRInfinite, useSWRSubscription, useSWRMutation and the cache provider are not in shared-call/swr: their files count as failures here.`,
)
