// examples/nextjs-app-router, installed from the packed package, built with
// `next build` and served by `next start`, once per `moduleResolution` a
// Next.js project may have: `node` (what Next writes into a new tsconfig, and
// many older projects have) and `bundler`. The build type-checks the app, so
// it fails where the package's types don't resolve. The test adds a layout
// that marks hydration, and two pages: a server component that renders the
// provider itself, and one that calls the hook by mistake.
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { freePort } from '../../bench/lib/system'
import { launch, openPage } from '../e2e/browser'
import {
  countingServer,
  newApp,
  productionEnv,
  type Running,
  runToEnd,
  startServer,
  tool,
} from './app'

const PRODUCTS = Array.from({ length: 5 }, (_, id) => ({ id, name: `Product ${id}` }))
const shown = (html: string) => html.match(/data-testid="product">Product \d/g)?.length ?? 0

describe.each(['node', 'bundler'])('Next.js App Router, moduleResolution %s', (resolution) => {
  let upstream: Awaited<ReturnType<typeof countingServer>>
  let server: Running
  let browser: Browser
  let url: string

  beforeAll(async () => {
    upstream = await countingServer((_, response) => {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify(PRODUCTS))
    })
    const dir = newApp(`next-${resolution}`, [
      'examples/nextjs-app-router',
      'test/apps/fixtures/next',
    ])
    // The app's packages are this repository's, up the tree: traced from
    // there, `next build` would walk all of its node_modules for output files
    // a real app's own node_modules make small. Trace from the app's folder.
    renameSync(`${dir}/next.config.mjs`, `${dir}/next.config.example.mjs`)
    writeFileSync(
      `${dir}/next.config.mjs`,
      `import config from './next.config.example.mjs'\nexport default { ...config, outputFileTracingRoot: ${JSON.stringify(dir)} }\n`,
    )
    const tsconfig = JSON.parse(readFileSync(`${dir}/tsconfig.json`, 'utf8'))
    tsconfig.compilerOptions.moduleResolution = resolution
    writeFileSync(`${dir}/tsconfig.json`, JSON.stringify(tsconfig, null, 2))
    const next = tool('next/dist/bin/next')
    await runToEnd(process.execPath, [next, 'build'], { cwd: dir, env: productionEnv() })
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    server = await startServer(
      process.execPath,
      [next, 'start', '-H', '127.0.0.1', '-p', `${port}`],
      {
        cwd: dir,
        env: productionEnv({ PRODUCTS_URL: `${upstream.url}/products` }),
        ready: /Ready in/,
      },
    )
    browser = await launch()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await upstream?.close()
  })

  /** Opens `path` in Chromium; returns the paths it requested by the time the page has hydrated and gone quiet. */
  const visit = async (path: string) => {
    const { page, errors } = await openPage(browser)
    const requests: string[] = []
    page.on('request', (request) => requests.push(new URL(request.url()).pathname))
    await page.goto(`${url}${path}`)
    await page.locator('body[data-hydrated=true]').waitFor()
    await page.waitForLoadState('networkidle')
    return { page, errors, requests }
  }

  test('the HTML holds the fallback data in all 50 components: one upstream call for the page', async () => {
    const before = upstream.count('/products')
    const html = await (await fetch(url)).text()
    expect(shown(html)).toBe(50)
    expect(html).not.toContain('product-loading')
    expect(upstream.count('/products')).toBe(before + 1)
  })

  test('in Chromium the page hydrates without console errors and the browser fetches nothing', async () => {
    const before = upstream.count('/products')
    const { page, errors, requests } = await visit('/')
    try {
      expect(await page.getByTestId('product').count()).toBe(50)
      expect(requests.filter((path) => path === '/api/products')).toEqual([])
      expect(upstream.count('/products')).toBe(before + 1) // the server's render
      expect(errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  test('without fallback data the browser fetches once for the 50 components', async () => {
    const before = upstream.count('/products')
    const html = await (await fetch(`${url}/client-only`)).text()
    expect(shown(html)).toBe(0)
    const { page, errors, requests } = await visit('/client-only')
    try {
      await page.getByTestId('product').nth(49).waitFor()
      expect(requests.filter((path) => path === '/api/products')).toEqual(['/api/products'])
      expect(upstream.count('/products')).toBe(before + 1) // through the route handler
      expect(errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  test('a server component may render SharedCallProvider itself, with plain fallback data', async () => {
    const response = await fetch(`${url}/server-provider`)
    expect(response.status).toBe(200)
    expect(shown(await response.text())).toBe(50)
  })

  test('the hook called in a server component fails with our message, not React’s', async () => {
    const response = await fetch(`${url}/misuse`)
    expect(response.status).toBe(500)
    expect(server.output()).toContain(
      "shared-call: useSharedCall runs in client components: move it into a file with 'use client', and pass server data through `<SharedCallProvider fallback>`",
    )
  })
})
