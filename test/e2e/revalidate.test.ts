// The playground's "Kept data, focus" page in Chromium, against the real edge
// demo: data survives navigating away and back (shown in the first render,
// one background request), and a focus refetches once for 300 components.
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { launch, openPage, screenshot, textOf } from './browser'
import { type Servers, startServers } from './servers'

const COMPONENTS = 300

let servers: Servers
let browser: Browser
let page: Page
let errors: string[]

beforeAll(async () => {
  servers = await startServers()
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  await servers?.stop()
})

beforeEach(async () => {
  ;({ page, errors } = await openPage(browser))
})

afterEach(async () => {
  await page.close()
  expect(errors, 'console errors in the page').toEqual([])
})

/** The upstream call every tile shows, once they all show the same one. */
const allShowOneCall = async (other?: string) => {
  const handle = await page.waitForFunction(
    ({ n, other }) => {
      const tiles = [...document.querySelectorAll('[data-testid=revalidate-tile]')]
      const calls = new Set(tiles.map((tile) => tile.getAttribute('data-call')))
      const [call] = calls
      return tiles.length === n && calls.size === 1 && call && call !== other ? call : false
    },
    { n: COMPONENTS, other },
  )
  return (await handle.jsonValue()) as string
}

test('data survives navigation: shown in the first render, one background request; focus: one request', async () => {
  await page.goto(`${servers.playground}#/revalidate`)
  const first = await allShowOneCall()
  expect(await textOf(page, 'revalidate-load')).toBe('1')

  await page.getByTestId('revalidate-navigate').click() // away
  await page.getByTestId('revalidate-away').waitFor()
  await page.getByTestId('revalidate-navigate').click() // back
  await page
    .getByTestId('revalidate-first-render')
    .filter({ hasText: `${COMPONENTS} / ${COMPONENTS}` })
    .waitFor()
  // The background request's answer replaces the kept data in every tile.
  const refreshed = await allShowOneCall(first)
  expect(await textOf(page, 'revalidate-come-back')).toBe('1')
  await screenshot(page, 'revalidate-back')

  await page.getByTestId('revalidate-focus-button').click()
  await allShowOneCall(refreshed)
  expect(await textOf(page, 'revalidate-focus')).toBe('1')
  // Every component was a caller of each fetch: 3 fetches, the rest joined.
  expect(await textOf(page, 'revalidate-callers')).toBe(String(3 * COMPONENTS))
  expect(await textOf(page, 'revalidate-load')).toBe('1')
  expect(await textOf(page, 'revalidate-come-back')).toBe('1')
  await screenshot(page, 'revalidate-focus', 'playground-revalidate')
})

test('a real focus of the window counts too, and a new run starts its counters at zero', async () => {
  await page.goto(`${servers.playground}#/revalidate`)
  const first = await allShowOneCall()
  await page.evaluate(() => window.dispatchEvent(new FocusEvent('focus')))
  const focused = await allShowOneCall(first)
  expect(await textOf(page, 'revalidate-focus')).toBe('1')

  await page.getByTestId('revalidate-new-run').click()
  await allShowOneCall(focused)
  expect(await textOf(page, 'revalidate-load')).toBe('1')
  expect(await textOf(page, 'revalidate-focus')).toBe('0')
  expect(await textOf(page, 'revalidate-callers')).toBe(String(COMPONENTS))
})
