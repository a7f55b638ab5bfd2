#!/usr/bin/env node
// Builds docs/benchmarks.md and its SVG charts (docs/benchmarks/*.svg) from
// bench/results/*.json. Every number in the page comes from those files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { barChart } from './lib/svg.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const resultsDir = join(root, 'bench', 'results')
const chartsDir = join(root, 'docs', 'benchmarks')

const load = (name) => {
  const file = join(resultsDir, `${name}.json`)
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
}

const cell = (value) =>
  value === null || value === undefined ? '' : String(value).replaceAll('|', '\\|')

const markdownTable = ({ title, rows, note }) => {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  return [
    `**${title}**`,
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((c) => cell(row[c])).join(' | ')} |`),
    ...(note ? ['', note] : []),
    '',
  ].join('\n')
}

const machineLine = ({ machine }) =>
  `<sub>Run ${machine.date.slice(0, 16).replace('T', ' ')} UTC · Node ${machine.node} · ${machine.cpu} × ${machine.cores} · ${machine.memoryGb} GB · ${machine.platform}</sub>`

const chart = (file, spec) => {
  writeFileSync(join(chartsDir, file), barChart(spec))
  return `![${spec.title}](benchmarks/${file})`
}

const rowOf = (result, key, value, table = 0) =>
  result.tables[table].rows.find((row) => row[key] === value) ?? {}

/**
 * A seed scenario's chart: one measure without and with shared-call, ours
 * beside the seed's (its column is the measure prefixed with "seed ").
 */
const againstSeed = (r, file, { title, unit, without, measure }) => {
  const before = rowOf(r, 'mode', without)
  const after = rowOf(r, 'mode', 'with shared-call')
  return chart(file, {
    title,
    unit,
    bars: [
      { label: `${without} (ours)`, value: before[measure], kind: 'without' },
      { label: 'with shared-call (ours)', value: after[measure], kind: 'ours' },
      { label: 'without (seed)', value: before[`seed ${measure}`], kind: 'seed' },
      { label: 'with (seed)', value: after[`seed ${measure}`], kind: 'seed' },
    ],
  })
}

/** One section per benchmark: what it does, its charts, its tables. */
const sections = [
  {
    name: 'database',
    heading: 'Database load (seed scenario 1)',
    about:
      'A real PostgreSQL (initdb + pg_ctl in a temp dir, free port on 127.0.0.1) behind a `pg` pool of 10. 100 concurrent requests each want the same report, a query of `SELECT pg_sleep(0.06)`. Without coalescing every request runs the query; with shared-call they share one.',
    charts: (r) => [
      againstSeed(r, 'database-duration.svg', {
        title: 'Database load: total duration of 100 requests',
        unit: 'ms',
        without: 'without coalescing',
        measure: 'duration ms',
      }),
    ],
  },
  {
    name: 'stampede',
    heading: 'Cache stampede (seed scenario 2)',
    about:
      'A real `redis-server` holds a popular entry; it expires, and 100 users hit the endpoint at that moment. Each sees a miss in Redis; a miss costs a 2-second PostgreSQL query, then refills Redis. We count the database queries.',
    charts: (r) => [
      againstSeed(r, 'stampede-queries.svg', {
        title: 'Cache stampede: database queries for 100 users',
        unit: 'queries',
        without: 'without protection',
        measure: 'DB queries',
      }),
    ],
  },
  {
    name: 'ratelimit',
    heading: 'Rate limit (seed scenario 3)',
    about:
      'A real HTTP server on 127.0.0.1 allows 10 requests per second (a token bucket of 10, refilled at 10/s) and answers 429 beyond. 50 callers want the same quote at once.',
    charts: (r) => {
      const without = rowOf(r, 'mode', 'without coalescing')
      const withShared = rowOf(r, 'mode', 'with shared-call')
      return [
        chart('ratelimit.svg', {
          title: 'Rate limit: 50 callers, API allows 10 req/s',
          unit: '',
          bars: [
            { label: 'succeeded without coalescing', value: without.successful, kind: 'without' },
            { label: 'rejected (429) without', value: without['failed (429)'], kind: 'without' },
            { label: 'succeeded with shared-call', value: withShared.successful, kind: 'ours' },
            { label: 'API calls with shared-call', value: withShared['API calls'], kind: 'ours' },
          ],
        }),
      ]
    },
  },
  {
    name: 'micro',
    heading: 'Micro-benchmarks against peers',
    about:
      'The cost of one call, awaited: 1000 concurrent callers per round, the same key (1 run of the work per round) or 1000 distinct keys (1000 runs). Every contender runs in the same process, interleaved in rotating order, with `gc()` before each sample; we report the median. The floor is a naive `Map` of promises: the least code that still coalesces correctly. `vs cancellable floor` compares the cancellable path (work that reads its signal, every caller with its own signal) with the same done by hand: a `Map` of promises, an `AbortController` per flight and a per-caller abort race (bench/lib/floors.mjs).',
    charts: (r) =>
      ['same key', 'distinct keys'].map((scenario) =>
        chart(`micro-${scenario.replace(' ', '-')}.svg`, {
          title: `ns per call, ${scenario} (lower is better)`,
          unit: 'ns',
          log: true,
          bars: r.tables[0].rows
            .filter((row) => row.scenario === scenario)
            .map((row) => ({
              label: row.library,
              value: row['ns/call'],
              kind: row.library.startsWith('shared-call')
                ? 'ours'
                : row.library.startsWith('naive')
                  ? 'seed'
                  : 'peer',
            })),
        }),
      ),
  },
  {
    name: 'memory',
    heading: 'Memory',
    about:
      'A million calls on distinct keys, 10 000 in flight at a time, once without a signal and once with every call sharing one `AbortSignal`. Heap measured after `gc()` (Node `--expose-gc`); the flight map size read through `shared.size`, and checked independently: an old key must start new work (a miss). Abort listeners counted with `events.getEventListeners`.',
    charts: () => [],
  },
  {
    name: 'http',
    heading: 'HTTP load on the edge demo',
    about:
      "`autocannon` against the Node entry of `edge-demo` (Hono on `@hono/node-server`, 127.0.0.1), upstream delay 50 ms. `/api/*` goes through the `sharedCall()` middleware, `/direct/*` does not. Upstream calls are read from the demo's `/_upstream/stats`. Unique URLs (`[<id>]`, a fresh id per request) are never shared, so they price the middleware's overhead.",
    charts: (r) => [
      chart('http-upstream.svg', {
        title: 'HTTP: upstream calls during the run',
        unit: 'calls',
        bars: r.tables[0].rows.map((row) => ({
          label: row.case,
          value: row['upstream calls'],
          kind: row.case.includes('without') ? 'without' : 'ours',
        })),
      }),
      chart('http-rps.svg', {
        title: 'HTTP: requests per second',
        unit: 'req/s',
        bars: r.tables[0].rows.map((row) => ({
          label: row.case,
          value: row['req/s'],
          kind: row.case.includes('without') ? 'without' : 'ours',
        })),
      }),
    ],
  },
  {
    name: 'fleet',
    heading: 'A fleet of processes: the Redis coordinator',
    about:
      "Four Node processes, each with its own `SharedCall` and 100 concurrent callers of one key, per round a fresh key; the upstream answers in 20 ms. With local coalescing only each process calls the upstream once; with `redisCoordinator` (node-redis, a real `redis-server` on 127.0.0.1) the fleet calls it once. A flight is one process's 100 callers, from the first call until the last settles, for the leader (it runs the work) and for the waiting processes (they get the result over Redis) apart; the coordinator's added latency is that flight time minus local-only's at the same percentile, and also in Redis round trips: the p50 of a PING that every process sends between the flights of the same run, since the machine is shared and its speed varies from run to run.",
    charts: (r) => {
      const rows = r.tables[0].rows
      const kind = (row) => (row.callers.startsWith('redis') ? 'ours' : 'without')
      const short = (row) => row.callers.replace('redis coordinator (node-redis): ', 'redis: ')
      return [
        chart('fleet-upstream.svg', {
          title: 'Fleet: upstream calls per round (4 processes × 100 callers)',
          unit: 'calls',
          bars: rows.slice(0, 2).map((row) => ({
            label: kind(row) === 'ours' ? 'redis coordinator' : 'local coalescing only',
            value: row['upstream calls per round'],
            kind: kind(row),
          })),
        }),
        chart('fleet-latency.svg', {
          title: 'Fleet: flight time per process, p50 and p99',
          unit: 'ms',
          bars: rows.flatMap((row) => [
            { label: `${short(row)} p50`, value: row['flight p50 ms'], kind: kind(row) },
            { label: `${short(row)} p99`, value: row['flight p99 ms'], kind: kind(row) },
          ]),
        }),
      ]
    },
  },
  {
    name: 'otel',
    heading: 'OpenTelemetry instrumentation',
    about:
      "What `instrumentSharedCall` costs the plain path of the micro-benchmark (1000 concurrent callers without a signal), against an uninstrumented instance in the same process, interleaved, CPU time: with no SDK (`api`), with the SDK's MeterProvider and AsyncLocalStorage context (`metrics`), and with the SDK tracer too (`traces`, every flight a sampled root span). See [observability.md](observability.md#cost).",
    charts: () => [],
  },
  {
    name: 'react',
    heading: 'React in Chromium',
    about:
      'Headless Chromium (playwright-core) loads a page built with Vite; it mounts 1000 components that want the same key, with `useSharedCall`, SWR and TanStack Query in turn, each in a fresh page. The fetcher waits 50 ms and counts its calls. We report the fetches made and the time until every component shows data.',
    charts: (r) => [
      chart('react-time.svg', {
        title: 'React: 1000 components, time until all show data',
        unit: 'ms',
        bars: r.tables[0].rows.map((row) => ({
          label: row.library,
          value: row['ms until all rendered'],
          kind: row.library.startsWith('shared-call') ? 'ours' : 'peer',
        })),
      }),
    ],
  },
]

mkdirSync(chartsDir, { recursive: true })
const machines = new Set()
const body = []
for (const section of sections) {
  const result = load(section.name)
  body.push(`## ${section.heading}`, '', section.about, '')
  if (!result) {
    body.push(`_Not run yet: \`npm run bench -- ${section.name}\`._`, '')
    continue
  }
  machines.add(
    `${result.machine.cpu} × ${result.machine.cores}, ${result.machine.memoryGb} GB, Node ${result.machine.node}`,
  )
  body.push(...section.charts(result).map((line) => `${line}\n`))
  for (const table of result.tables) body.push(markdownTable(table))
  body.push(
    machineLine(result),
    '',
    `Source: [bench/${section.name}.ts](../bench/${section.name}.ts) · raw: [bench/results/${section.name}.json](../bench/results/${section.name}.json)`,
    '',
  )
}

const page = [
  '# Benchmarks',
  '',
  '<!-- Generated by bench/chart.mjs from bench/results/*.json: do not edit by hand. -->',
  '',
  'Every number below was measured by the scripts in [`bench/`](../bench) and written to [`bench/results/`](../bench/results); this page and its charts are generated from those files. Where the Python seed, shared-call-py, published a figure for the same scenario, it stands beside ours. Speed is compared as ratios measured in the same run, never across machines.',
  '',
  `Machine: ${[...machines].join('; ') || 'no results yet'}.`,
  '',
  '## Reproduce',
  '',
  '```sh',
  'npm run bench                 # everything, then regenerates this page',
  'npm run bench -- micro memory # only these',
  'npm run bench -- docs         # only regenerate this page from bench/results',
  '```',
  '',
  "The scripts run TypeScript through `tsx`, which maps `shared-call` to `src/core` via the tsconfig paths, so they measure the source as it is. The scenarios need Debian's `postgresql` and `redis-server` (installed automatically when run as root with apt; otherwise the script stops and prints the `apt-get install` line; there is no mock fallback), the React benchmark needs `chromium`. Servers bind 127.0.0.1 on free ports and are stopped afterwards.",
  '',
  ...body,
].join('\n')

writeFileSync(join(root, 'docs', 'benchmarks.md'), page)
console.log('wrote docs/benchmarks.md')
