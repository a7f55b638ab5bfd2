// React in Chromium: 1000 components that want the same key, shared-call's
// useSharedCall against SWR and TanStack Query, in three scenarios (see
// bench/react/page.ts): the first mount, navigating away and back (unmount
// and remount with the library's cache kept), and a focus storm. Fetches
// made, and time until every component shows the data. Median of RUNS fresh
// pages each.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { build } from 'vite'
import { chromiumArgs, findChromium, installHint } from '../scripts/chromium.mjs'
import { median, printTable, round, type Table, writeResult } from './lib/report'
import { serveDirectory } from './lib/static-server'
import { requireBinary } from './lib/system'

const RUNS = 5
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const libraries = [
  { id: 'shared-call', name: 'shared-call useSharedCall' },
  { id: 'swr', name: 'SWR useSWR' },
  { id: 'tanstack', name: 'TanStack Query useQuery' },
]

interface Run {
  ms: number | null
  fetches: number
  firstRenderWithData?: number
}

let executablePath = findChromium()
if (!executablePath) {
  // Installs Debian's chromium when root with apt; otherwise throws the hint.
  try {
    executablePath = requireBinary('chromium', 'chromium')
  } catch {
    throw new Error(installHint)
  }
}

/** One fresh page running `scenario` with `lib`: what it measured. */
const runPage = async (browser: Browser, origin: string, lib: string, scenario: string) => {
  const page = await browser.newPage()
  try {
    await page.goto(`${origin}/?lib=${lib}&scenario=${scenario}`)
    await page.waitForFunction(
      () => {
        const probe = (window as unknown as { probe?: { result?: unknown; error?: string } }).probe
        return probe?.result ?? probe?.error
      },
      null,
      { timeout: 30_000 },
    )
    const probe = await page.evaluate(
      () => (window as unknown as { probe: { result?: Run; error?: string } }).probe,
    )
    if (!probe.result) throw new Error(`${lib} ${scenario}: ${probe.error}`)
    return probe.result
  } finally {
    await page.close()
  }
}

/** Median, min and max of the runs' times; `null` when a run never got there. */
const times = (runs: Run[]) => {
  const ms = runs.map((run) => run.ms)
  if (!ms.length || ms.some((value) => value === null))
    return { median: null, min: null, max: null }
  const done = ms as number[]
  return {
    median: round(median(done), 1),
    min: round(Math.min(...done), 1),
    max: round(Math.max(...done), 1),
  }
}

const outDir = mkdtempSync(join(tmpdir(), 'shared-call-react-bench-'))
try {
  await build({
    configFile: false,
    // 'error': the peers' "use client" directives make the bundler chatty.
    logLevel: 'error',
    root: join(root, 'bench', 'react'),
    resolve: {
      alias: [
        { find: /^shared-call\/react$/, replacement: join(root, 'src/react/index.ts') },
        { find: /^shared-call$/, replacement: join(root, 'src/core/index.ts') },
      ],
    },
    build: { outDir, emptyOutDir: true, minify: true },
  })
  const server = await serveDirectory(outDir)
  const browser = await chromium.launch({ executablePath, args: chromiumArgs })
  try {
    const results: Record<string, Record<string, Run[]>> = { mount: {}, remount: {}, focus: {} }
    // `node --import tsx bench/react.ts focus` runs only the scenarios named.
    const only = process.argv.slice(2)
    for (const scenario of Object.keys(results)) {
      if (only.length && !only.includes(scenario)) continue
      for (const library of libraries) {
        const runs: Run[] = []
        for (let i = 0; i < RUNS; i++) {
          runs.push(await runPage(browser, server.origin, library.id, scenario))
        }
        results[scenario]![library.id] = runs
      }
    }
    const rowsOf = (scenario: string, row: (runs: Run[]) => Record<string, number | null>) =>
      libraries.map((library) => ({
        library: library.name,
        components: 1000,
        ...row(results[scenario]![library.id] ?? []),
      }))
    const tables: Table[] = [
      {
        title: `React in Chromium: 1000 components, same key, fetcher 50 ms (median of ${RUNS} fresh pages)`,
        rows: rowsOf('mount', (runs) => {
          const { median, min, max } = times(runs)
          return {
            fetches: Math.max(...runs.map((run) => run.fetches)),
            'ms until all rendered': median,
            'min ms': min,
            'max ms': max,
          }
        }),
        note: 'fetches: the most any run made. Time runs from render() to the effect of the 1000th component that shows data, so the 50 ms fetch is included.',
      },
      {
        title: `Navigate away and back: the 1000 components unmount and mount again, the cache kept (median of ${RUNS})`,
        rows: rowsOf('remount', (runs) => {
          const { median, min, max } = times(runs)
          return {
            'data in first render': Math.min(...runs.map((run) => run.firstRenderWithData ?? 0)),
            'fetches on remount': Math.max(...runs.map((run) => run.fetches)),
            'ms until all show data': median,
            'min ms': min,
            'max ms': max,
          }
        }),
        note: `The remount comes ${2.1} s after the first load (past SWR's 2 s dedupingInterval, as a user who navigates back would). data in first render: the fewest components, in any run, whose first render already had the data (1000 = no loading state). Time runs from the remount's render() to the effect of the 1000th component that shows data.`,
      },
      {
        title: `Focus storm: the page regains focus with 1000 components of one key mounted (median of ${RUNS})`,
        rows: rowsOf('focus', (runs) => {
          const { median, min, max } = times(runs)
          return {
            'fetches on focus': Math.max(...runs.map((run) => run.fetches)),
            'ms until all show new data': median,
            'min ms': min,
            'max ms': max,
          }
        }),
        note: 'visibilitychange and focus are dispatched together, 5.1 s after the first load (past the 5 s focusThrottleInterval of SWR and shared-call), as a browser does when a tab comes back. Empty times: the library did not fetch again.',
      },
    ]
    // A partial run prints its tables and keeps the stored results whole.
    if (only.length) {
      const ran = Object.keys(results).filter((scenario) => only.includes(scenario))
      for (const table of tables.filter((_, i) => ran.includes(Object.keys(results)[i]!)))
        printTable(table)
    } else
      writeResult('react', tables, {
        params: { components: 1000, fetchMs: 50, runs: RUNS, awayMs: 2100, blurMs: 5100 },
        browser: browser.version(),
      })
  } finally {
    await browser.close()
    await server.close()
  }
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
