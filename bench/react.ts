// React in Chromium: 1000 components that want the same key, shared-call's
// useSharedCall against SWR and TanStack Query. Fetches made, and time from
// render() until every component shows data. Median of RUNS fresh pages each.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { chromiumArgs, findChromium, installHint } from '../scripts/chromium.mjs'
import { median, round, writeResult } from './lib/report'
import { serveDirectory } from './lib/static-server'
import { requireBinary } from './lib/system'

const RUNS = 5
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const libraries = [
  { id: 'shared-call', name: 'shared-call useSharedCall' },
  { id: 'swr', name: 'SWR useSWR' },
  { id: 'tanstack', name: 'TanStack Query useQuery' },
]

let executablePath = findChromium()
if (!executablePath) {
  // Installs Debian's chromium when root with apt; otherwise throws the hint.
  try {
    executablePath = requireBinary('chromium', 'chromium')
  } catch {
    throw new Error(installHint)
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
    const rows = []
    for (const library of libraries) {
      const runs: { fetches: number; ms: number }[] = []
      for (let i = 0; i < RUNS; i++) {
        const page = await browser.newPage()
        await page.goto(`${server.origin}/?lib=${library.id}`)
        await page.waitForFunction(
          () => (window as unknown as { probe: { doneAt?: number } }).probe?.doneAt,
          null,
          {
            timeout: 30_000,
          },
        )
        // Let late fetches (a library refetching after mount) be counted too.
        await page.waitForTimeout(200)
        const probe = await page.evaluate(
          () =>
            (window as unknown as { probe: { fetches: number; startedAt: number; doneAt: number } })
              .probe,
        )
        runs.push({ fetches: probe.fetches, ms: probe.doneAt - probe.startedAt })
        await page.close()
      }
      rows.push({
        library: library.name,
        components: 1000,
        fetches: Math.max(...runs.map((run) => run.fetches)),
        'ms until all rendered': round(median(runs.map((run) => run.ms)), 1),
        'min ms': round(Math.min(...runs.map((run) => run.ms)), 1),
        'max ms': round(Math.max(...runs.map((run) => run.ms)), 1),
      })
    }
    writeResult(
      'react',
      [
        {
          title: `React in Chromium: 1000 components, same key, fetcher 50 ms (median of ${RUNS} fresh pages)`,
          rows,
          note: 'fetches: the most any run made. Time runs from render() to the effect of the 1000th component that shows data, so the 50 ms fetch is included.',
        },
      ],
      { params: { components: 1000, fetchMs: 50, runs: RUNS }, browser: browser.version() },
    )
  } finally {
    await browser.close()
    await server.close()
  }
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
