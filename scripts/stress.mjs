#!/usr/bin/env node
// `npm run test:stress -- <project> <n> [more vitest args]`: runs
// `vitest run --project <project>` n times in a row, prints each failure as
// it happens (and keeps every failed run's full log in .cache/stress/), and
// ends with the count. A flake is a bug: this is how one is found, and how a
// fix is shown to hold.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'

const [project, times, ...rest] = process.argv.slice(2)
const runs = Number(times)
if (!project || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run test:stress -- <project> <n> [more vitest args]')
  process.exit(2)
}

const logs = '.cache/stress'
mkdirSync(logs, { recursive: true })

/** The part of a vitest report that says what failed: from its first failure on. */
const failures = (output) => {
  const lines = output.split('\n')
  const first = lines.findIndex((line) => /\bFAIL\b|Failed Tests|Unhandled Error/.test(line))
  return lines.slice(first === -1 ? -40 : first).join('\n')
}

let failed = 0
for (let run = 1; run <= runs; run++) {
  const started = Date.now()
  const { status, stdout, stderr, error } = spawnSync(
    'npx',
    ['vitest', 'run', '--project', project, ...rest],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
  )
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (status === 0) {
    console.log(`run ${run}/${runs}: passed (${seconds} s)`)
    continue
  }
  failed++
  const log = `${logs}/${project}-${run}.log`
  writeFileSync(log, `${stdout ?? ''}\n${stderr ?? ''}\n${error ?? ''}`)
  console.log(`run ${run}/${runs}: FAILED (${seconds} s), full log in ${log}`)
  console.log(failures(`${stdout ?? ''}\n${stderr ?? ''}\n${error ?? ''}`))
}

console.log(`\n${project}: ${runs - failed} of ${runs} runs passed`)
process.exit(failed ? 1 : 0)
