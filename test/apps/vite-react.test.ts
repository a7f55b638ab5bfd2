// The packed package in a new Vite + React app, as a user installs it: built
// for production, served, and run in Chromium. StrictMode and 50 components
// on one key: the data shows everywhere after one request.
import { readdir, readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launch, openPage } from '../e2e/browser'
import { countingServer, newApp, productionEnv, runToEnd, tool } from './app'

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
}

let dir: string
let browser: Browser

beforeAll(async () => {
  dir = newApp('vite-react', ['test/apps/fixtures/vite-react'])
  await runToEnd(process.execPath, [tool('vite/bin/vite.js'), 'build'], {
    cwd: dir,
    env: productionEnv(),
  })
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
})

test('a production build: 50 components in StrictMode show the data after one request', async () => {
  // The built app, and the API it calls, from one origin.
  const server = await countingServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    if (path === '/api/item') {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ name: 'the item' }))
      return
    }
    const file = path === '/' ? '/index.html' : path
    response.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
    response.end(await readFile(`${dir}/dist${file}`))
  })
  const { page, errors } = await openPage(browser)
  try {
    const requests: string[] = []
    page.on('request', (request) => requests.push(new URL(request.url()).pathname))
    await page.goto(server.url)
    await page.getByTestId('item').nth(49).waitFor()
    expect(await page.getByTestId('item').allTextContents()).toEqual(Array(50).fill('the item'))
    expect(await page.getByTestId('loading').count()).toBe(0)
    expect(requests.filter((path) => path === '/api/item')).toHaveLength(1)
    expect(server.count('/api/item')).toBe(1)
    // React's production build went in (StrictMode's double effects are
    // development-only), and one copy of it: a second would leave the page blank.
    const scripts = (await readdir(`${dir}/dist/assets`)).filter((name) => name.endsWith('.js'))
    const bundle = (
      await Promise.all(scripts.map((name) => readFile(`${dir}/dist/assets/${name}`, 'utf8')))
    ).join('')
    expect(bundle).toContain('Minified React error')
    expect(errors).toEqual([])
  } finally {
    await page.close()
    await server.close()
  }
})
