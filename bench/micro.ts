// Micro-benchmark: the cost of one coalesced call, shared-call against two
// floors (lib/floors.mjs: the least code that is still correct) and the
// peers people reach for. The plain path (callers without a signal) is priced
// against a naive Map of promises; the cancellable path (every caller brings
// its own signal and the work reads its signal, as the hook, the middleware
// and sharedFetch do) against the same map with an AbortController per flight
// and a per-caller abort race. Same harness, same process, interleaved, so
// the numbers are ratios measured side by side, not figures from different days.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { QueryClient } from '@tanstack/query-core'
import { createCache } from 'async-cache-dedupe'
import { coalesceAsync } from 'promise-coalesce'
import { naiveCancellable, naiveMap } from './lib/floors.mjs'
import { median, type Row, round, writeResult } from './lib/report'

// shared-call as users get it: the built package (dist/, rebuilt here when
// src/ changed), not src/ through tsx, whose keepNames adds an
// Object.defineProperty to every closure the library makes per call.
const root = fileURLToPath(new URL('..', import.meta.url))
if (
  spawnSync(process.execPath, ['scripts/build.mjs', '--if-changed'], {
    cwd: root,
    stdio: 'inherit',
  }).status !== 0
)
  throw new Error('could not build dist/')
const { SharedCall } = (await import(`${root}dist/index.js`)) as typeof import('shared-call')

const CALLERS = 1000
// 200 rounds (200 000 calls) per sample: shorter samples were dominated by
// JIT and GC noise (20 rounds gave 2.4x where 200 give 1.4x, same code).
const ROUNDS = Number(process.env.MICRO_ROUNDS ?? 200)
const SAMPLES = Number(process.env.MICRO_SAMPLES ?? 9)
const WARMUP = 5
// MICRO_CLOCK=cpu times this process's CPU (user + system, GC threads
// included) instead of the wall clock: on a machine shared with other work,
// time spent descheduled then counts for nobody.
const CPU_CLOCK = process.env.MICRO_CLOCK === 'cpu'
/** Nanoseconds on the chosen clock. */
const now = (): number => {
  if (!CPU_CLOCK) return Number(process.hrtime.bigint())
  const { user, system } = process.cpuUsage()
  return (user + system) * 1000
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

/** One caller: ask for `key`, get a promise of the shared result. */
type Call = (key: string, caller: number) => Promise<unknown>

interface Contender {
  name: string
  /** Builds a fresh instance; `work` counts real runs so coalescing is checked. */
  make: (work: (signal?: AbortSignal) => Promise<number>) => Call
  /** The cancellable path: its work reads the signal it is given, as fetch does. */
  cancellable?: boolean
}

// Every caller brings its own signal (made once, outside the timed loop), so
// the cancellable rows price what is done per signal: listen, then stop
// listening.
const signals = Array.from({ length: CALLERS }, () => new AbortController().signal)

const naiveFloor: Contender = {
  name: 'naive Map (floor)',
  make: (work) => naiveMap(work),
}

const naiveCancellableFloor: Contender = {
  name: 'naive cancellable (floor)',
  cancellable: true,
  make: (work) => naiveCancellable(work, signals),
}

const sharedCall: Contender = {
  name: 'shared-call run',
  make: (work) => {
    const shared = new SharedCall()
    return (key) => shared.run(key, work)
  },
}

const sharedCallCancellable: Contender = {
  name: 'shared-call run, cancellable',
  cancellable: true,
  make: (work) => {
    const shared = new SharedCall()
    return (key, caller) => shared.run(key, work, { signal: signals[caller] })
  },
}

const promiseCoalesce: Contender = {
  name: 'promise-coalesce',
  // Its map is module-global; keys are prefixed per instance so samples never mix.
  make: (work) => {
    const prefix = `${Math.random()}:`
    return (key) => coalesceAsync(prefix + key, work)
  },
}

const asyncCacheDedupe: Contender = {
  name: 'async-cache-dedupe',
  make: (work) => {
    // ttl 0: dedupe only, no caching, the same contract as the others.
    const cache = createCache({ ttl: 0, storage: { type: 'memory' } }).define(
      'item',
      (_key: string) => work(),
    )
    return (key) => cache.item(key)
  },
}

const tanstack: Contender = {
  name: '@tanstack/query-core fetchQuery',
  make: (work) => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: 0, retry: false } } })
    return (key) => client.fetchQuery({ queryKey: [key], queryFn: () => work() })
  },
}

const allContenders = [
  naiveFloor,
  sharedCall,
  naiveCancellableFloor,
  sharedCallCancellable,
  promiseCoalesce,
  asyncCacheDedupe,
  tanstack,
]

interface Scenario {
  name: string
  keyOf: (caller: number) => string
  /** Work runs expected per round when coalescing works. */
  runsPerRound: number
}

const distinct = Array.from({ length: CALLERS }, (_, i) => `item:${i}`)
const scenarios: Scenario[] = [
  { name: 'same key', keyOf: () => 'item:1', runsPerRound: 1 },
  { name: 'distinct keys', keyOf: (i) => distinct[i] as string, runsPerRound: CALLERS },
]

/** One sample: ROUNDS rounds of CALLERS concurrent callers; returns ns per call. */
const sample = async (call: Call, scenario: Scenario) => {
  const pending: Promise<unknown>[] = new Array(CALLERS)
  gc()
  const start = now()
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < CALLERS; i++) pending[i] = call(scenario.keyOf(i), i)
    await Promise.all(pending)
  }
  return (now() - start) / (ROUNDS * CALLERS)
}

const measure = async (scenario: Scenario, contenders: Contender[]) => {
  const runs = new Map<Contender, { count: number }>()
  const calls = new Map<Contender, Call>()
  for (const contender of contenders) {
    const counter = { count: 0 }
    runs.set(contender, counter)
    calls.set(
      contender,
      contender.make(
        contender.cancellable
          ? // Reads its signal, as real work does (fetch, a database driver).
            (signal) => {
              if (signal?.aborted) return Promise.reject(signal.reason)
              counter.count++
              return Promise.resolve(42)
            }
          : () => {
              counter.count++
              return Promise.resolve(42)
            },
      ),
    )
  }
  const times = new Map<Contender, number[]>(contenders.map((c) => [c, []]))
  for (let s = 0; s < WARMUP + SAMPLES; s++) {
    // Rotate the order each sample so no contender always runs first or last.
    for (let j = 0; j < contenders.length; j++) {
      const contender = contenders[(s + j) % contenders.length] as Contender
      const ns = await sample(calls.get(contender) as Call, scenario)
      if (s >= WARMUP) times.get(contender)?.push(ns)
    }
  }
  const totalRounds = (WARMUP + SAMPLES) * ROUNDS
  // A ratio is the median of per-sample ratios: sample i of a contender and
  // of its floor ran moments apart, so a load that comes and goes on the
  // machine cancels out of each pair instead of landing on one side.
  const ratio = (ns: number[], floor: Contender) => {
    const base = times.get(floor) as number[]
    return `${round(median(ns.map((value, i) => value / (base[i] as number))), 2)}×`
  }
  return contenders.map((contender): Row => {
    const ns = times.get(contender) as number[]
    return {
      scenario: scenario.name,
      library: contender.name,
      'ns/call': round(median(ns)),
      'vs floor': ratio(ns, naiveFloor),
      'vs cancellable floor': contender.cancellable ? ratio(ns, naiveCancellableFloor) : null,
      'min ns': round(Math.min(...ns)),
      'max ns': round(Math.max(...ns)),
      'work runs/round': round((runs.get(contender)?.count ?? 0) / totalRounds, 2),
    }
  })
}

// Paired mode (a child process): one library and the floors, nothing else, so
// no other library's calls shape what V8 learns about the shared call sites.
const pair = process.env.MICRO_PAIR
if (pair) {
  const floors = [naiveFloor, naiveCancellableFloor]
  const chosen = allContenders.filter((c) => floors.includes(c) || c.name === pair)
  const rows: Row[] = []
  for (const scenario of scenarios) {
    rows.push(...(await measure(scenario, chosen)).filter((row) => row.library === pair))
  }
  console.log(`PAIR ${JSON.stringify(rows)}`)
  process.exit(0)
}

const rows: Row[] = []
for (const scenario of scenarios) rows.push(...(await measure(scenario, allContenders)))

const paired: Row[] = []
for (const contender of allContenders) {
  if (contender === naiveFloor || contender === naiveCancellableFloor) continue
  const child = spawnSync(
    process.execPath,
    process.execArgv.concat(fileURLToPath(import.meta.url)),
    {
      env: { ...process.env, MICRO_PAIR: contender.name },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const line = child.stdout.split('\n').find((l) => l.startsWith('PAIR '))
  if (child.status !== 0 || !line) throw new Error(`paired run of ${contender.name} failed`)
  paired.push(...(JSON.parse(line.slice(5)) as Row[]))
}
paired.sort((a, b) => String(a.scenario).localeCompare(String(b.scenario)) * -1)

const params = `${CALLERS} concurrent callers × ${ROUNDS} rounds, median of ${SAMPLES} samples (after ${WARMUP} warm-up)${CPU_CLOCK ? ', CPU time' : ''}`
writeResult(
  'micro',
  [
    {
      title: `Micro, all libraries in one process, interleaved: ${params}`,
      rows,
      note: 'ns/call includes awaiting the result. work runs/round: 1 on the same key, 1000 on distinct keys, proves every library coalesced.',
    },
    {
      title: `Micro, each library paired with the floors in its own process: ${params}`,
      rows: paired,
      note: 'In one process, call sites shared by every library (and shared-call with and without a signal sharing run()) see many shapes; here each library runs alone beside the floor it is compared with.',
    },
  ],
  {
    params: {
      callers: CALLERS,
      rounds: ROUNDS,
      samples: SAMPLES,
      warmup: WARMUP,
      clock: CPU_CLOCK ? 'cpu' : 'wall',
    },
    // Both scenarios: shared-call run ÷ naive Map, and cancellable ÷ its floor.
    targets: { plain: 1.05, cancellable: 1.1 },
  },
)
