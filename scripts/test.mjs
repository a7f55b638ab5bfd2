#!/usr/bin/env node
// `npm test`: every check a change must pass. First what the machine must
// have (seconds); then the steps, side by side as far as the cores allow,
// each one's name printed when it starts and its time when it ends, its
// output printed whole when it ends. The first failure stops the run. Vitest
// steps also write JSON so the closing line can count tests.
//
// `npm test -- <word>…` runs only the steps whose name contains a word (and
// the steps they need first).
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkSystem } from './system.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const results = join(root, '.cache', 'test-results')

const vitest = (name, ...args) => [
  'npx',
  'vitest',
  'run',
  ...args,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}/${name}.json`,
]

// One line per step, in the order they start: each once the steps it comes
// `after` have passed and the `cores` it keeps busy are free (1 unless said; a
// step that mostly waits on servers or timers takes less; the machine may run
// half a core over). Long steps first, short ones last, so the run ends
// together. `needs` names what it needs from the machine (scripts/system.mjs);
// `cwd` is relative to the root. Tests a step runs are counted from its JSON
// report. `[name, command]` works too.
const PACK = 'package: build and pack a clean clone, install it every way'
// biome-ignore format: one line per step
const steps = [
  { name: 'fleet (Redis coordinator, real redis-server)', run: vitest('fleet', '--project', 'fleet'), cores: 0.5, needs: ['redis-server', 'redis-sentinel'] },
  { name: PACK, run: ['node', 'scripts/check-install.mjs'] },
  { name: 'edge runtimes (workerd, Deno, Node, Bun)', run: vitest('edge', '--project', 'integration'), cores: 0.5 },
  { name: 'Next.js App Router example, moduleResolution node', run: vitest('next-node', '--project', 'apps', 'test/apps/next.test.ts', '-t', 'moduleResolution node'), after: [PACK], cores: 2, needs: ['chromium'] },
  { name: 'Next.js App Router example, moduleResolution bundler', run: vitest('next-bundler', '--project', 'apps', 'test/apps/next.test.ts', '-t', 'moduleResolution bundler'), after: [PACK], cores: 2, needs: ['chromium'] },
  { name: 'unit tests', run: vitest('unit', '--project', 'core', '--project', 'tabs', '--project', 'react', '--project', 'react18', '--project', 'hono', '--project', 'otel'), cores: 2 },
  { name: 'browser (Chromium)', run: vitest('e2e', '--project', 'e2e'), needs: ['chromium'] },
  { name: 'core on Node 22, Node 24, Deno and Bun', run: ['node', 'scripts/runtimes.mjs', results] },
  { name: 'type check', run: ['npx', 'tsc', '--noEmit'] },
  { name: 'docs snippets (README.md, docs/*.md)', run: vitest('docs', '--project', 'docs') },
  { name: 'type tests', run: vitest('types', '--project', 'types') },
  { name: 'new apps: Vite + React in Chromium, Hono on Node', run: vitest('apps', '--project', 'apps', 'test/apps/vite-react.test.ts', 'test/apps/hono.test.ts'), after: [PACK], needs: ['chromium'] },
  { name: 'package: are the types wrong (node10, node16, bundler)', run: ['npx', 'attw', '.cache/package/shared-call.tgz'], after: [PACK] },
  { name: 'package: publint', run: ['npx', 'publint', 'run', '.cache/package/shared-call.tgz', '--strict'], after: [PACK] },
  { name: 'package: size-limit', run: ['npx', 'size-limit'], cwd: '.cache/package/clone', after: [PACK] },
  { name: 'lint', run: ['npx', 'biome', 'check', '.'] },
].map((step) => (Array.isArray(step) ? { name: step[0], run: step[1] } : step))

/** The steps `words` ask for, with the steps they come after. */
const select = (words) => {
  const chosen = new Set(
    steps.filter(({ name }) => !words.length || words.some((word) => name.includes(word))),
  )
  for (const step of [...chosen]) {
    for (const name of step.after ?? []) chosen.add(steps.find((other) => other.name === name))
  }
  return steps.filter((step) => chosen.has(step))
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
const started = Date.now()
const at = () => `[${seconds(Date.now() - started).padStart(7)}]`

const chosen = select(process.argv.slice(2))
const needs = [...new Set(chosen.flatMap((step) => step.needs ?? []))]
const problems = checkSystem(needs, root)
if (problems.length) {
  console.error(`npm test cannot run on this machine yet:\n\n${problems.join('\n\n')}`)
  console.log('\ntests: 0 passed, 1 failed')
  process.exit(1)
}
console.log(
  `${at()} machine: Node ${process.versions.node}, npm packages, ${needs.join(', ') || 'nothing else needed'}: found`,
)

rmSync(results, { recursive: true, force: true })
mkdirSync(results, { recursive: true })

/**
 * Runs a step in a process group of its own (so a failure elsewhere can stop
 * it whole), its output kept to print in one piece. `times` reports the CPU
 * its processes used.
 */
const start = (step) => {
  const child = spawn('sh', ['-c', '"$@"; status=$?; times >&3; exit $status', 'sh', ...step.run], {
    cwd: join(root, step.cwd ?? ''),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  })
  let output = ''
  let times = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  child.stdio[3].on('data', (chunk) => {
    times += chunk
  })
  const done = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      // `times`: the shell's own user and system time, then its children's.
      const cpu = (times.trim().split('\n')[1] ?? '')
        .split(/\s+/)
        .map((value) => /(\d+)m([\d.]+)s/.exec(value))
        .reduce((sum, match) => sum + (match ? Number(match[1]) * 60 + Number(match[2]) : 0), 0)
      resolve({ ok: code === 0, signal, output, cpu })
    })
  })
  return { child, done }
}

/** Stops every running step, whole: each runs in a process group of its own. */
const stopAll = (running) => {
  for (const [, { child }] of running) {
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      // it has just ended
    }
  }
}

const capacity = availableParallelism()
const waiting = [...chosen]
const running = new Map()
const passed = new Set()
let failure

// Ctrl-C or a kill ends the steps too, not only this process.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopAll(running)
    process.exit(130)
  })
}

console.log(`${at()} ${chosen.length} steps on ${capacity} cores`)
while (waiting.length || running.size) {
  if (!failure) {
    for (const step of [...waiting]) {
      const busy = [...running.keys()].reduce((sum, other) => sum + (other.cores ?? 1), 0)
      const ready = (step.after ?? []).every((name) => passed.has(name))
      if (!ready) continue
      // In order: a step that waits for cores is not overtaken, or the
      // steps that take both cores would wait until the end.
      if (busy + Math.min(step.cores ?? 1, capacity) > capacity + 0.5) break
      waiting.splice(waiting.indexOf(step), 1)
      running.set(step, { ...start(step), since: Date.now() })
      console.log(`${at()} ▶ ${step.name}`)
    }
  }
  if (!running.size) break
  const [step, outcome] = await Promise.race(
    [...running].map(([step, { done }]) => done.then((outcome) => [step, outcome])),
  )
  const { since } = running.get(step)
  running.delete(step)
  if (outcome.signal && failure) continue // stopped after another step failed
  console.log(`\n── ${step.name} ──\n${outcome.output.trimEnd()}\n`)
  console.log(
    `${at()} ${outcome.ok ? '✔' : '✘'} ${step.name} (${seconds(Date.now() - since)}, CPU ${outcome.cpu.toFixed(1)} s)`,
  )
  if (outcome.ok) passed.add(step.name)
  else if (!failure) {
    failure = step
    stopAll(running)
  }
}

let testsPassed = 0
let testsFailed = 0
for (const file of readdirSync(results)) {
  if (!file.endsWith('.json')) continue
  try {
    const report = JSON.parse(readFileSync(join(results, file), 'utf8'))
    testsPassed += report.numPassedTests
    testsFailed += report.numFailedTests
  } catch {
    // that step did not run or wrote no report
  }
}
// A step that failed before writing a report (a type error, a lint) counts once.
if (failure && !testsFailed) testsFailed = 1
if (failure) console.log(`\n${at()} stopped: ${failure.name} failed`)
else console.log(`\n${at()} all ${chosen.length} steps passed`)
console.log(`\ntests: ${testsPassed} passed, ${testsFailed} failed`)
process.exit(failure ? 1 : 0)
