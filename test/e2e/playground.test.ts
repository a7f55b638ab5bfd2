// The playground's production build in Debian's Chromium, against the real
// edge demo: what the pages claim is checked against the servers' counters.
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { launch, openPage, screenshot, textOf } from './browser'
import { type Servers, startServers } from './servers'

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

const open = (route: string) => page.goto(`${servers.playground}#/${route}`)

/** Waits until the many-components page shows a finished run of `n` components. */
const runFinished = (n: number) =>
  page
    .locator('[data-testid=many-status][data-done=true]', { hasText: `${n} / ${n} components` })
    .waitFor()

/** Waits until the counter shows a number (it shows … until the server was polled after the reset). */
const counted = async (testId: string) => {
  await page.waitForFunction(
    (id) => /^\d+$/.test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''),
    testId,
  )
  return Number(await textOf(page, testId))
}

const mount = async (n: number, coalesce: boolean) => {
  await page.getByTestId('many-n').fill(String(n))
  await page.getByTestId('many-coalesce').setChecked(coalesce)
  await page.getByTestId('many-run').click()
  await runFinished(n)
}

describe('many components, one request', () => {
  test('200 components send one request and cause one upstream call', async () => {
    await open('many')
    await runFinished(100) // the run the page starts on opening
    await mount(200, true)
    expect(await page.getByTestId('tile').count()).toBe(200)
    expect(await counted('many-requests')).toBe(1)
    expect(await counted('many-upstream')).toBe(1)
    expect(await textOf(page, 'many-distinct-calls')).toBe('1')
    await screenshot(page, 'many')
    if (process.env.UPDATE_DOCS_SCREENSHOT) {
      await page.screenshot({
        path: fileURLToPath(new URL('../../docs/playground.png', import.meta.url)),
      })
    }
  })

  test('with coalescing off, each component sends its own request', async () => {
    await open('many')
    await runFinished(100)
    await mount(20, false)
    expect(await counted('many-requests')).toBe(20)
    // Polled: the last answers may land after the poll that follows the first ones.
    await page.waitForFunction(
      () => document.querySelector('[data-testid=many-upstream]')?.textContent === '20',
    )
    await screenshot(page, 'many-off')
  })
})

test('edge stampede: the middleware makes fewer upstream calls than requests', async () => {
  await open('stampede')
  await page.getByTestId('stampede-n').fill('60')
  await page.getByTestId('stampede-delay').fill('200')
  await page.getByTestId('stampede-run').click()
  await page.locator('[data-testid=stampede-status][data-state=done]').waitFor()
  const shared = Number(await textOf(page, 'stampede-api-upstream'))
  const requests = Number(await textOf(page, 'stampede-api-requests'))
  expect(requests).toBe(60)
  expect(shared).toBeGreaterThan(0)
  expect(shared).toBeLessThan(requests)
  // Without the middleware every request reaches the upstream.
  expect(await textOf(page, 'stampede-direct-upstream')).toBe('60')
  expect(await page.locator('[data-testid=stampede-histogram] rect').count()).toBeGreaterThan(0)
  await screenshot(page, 'stampede')
})

test('cancellation: the fetch aborts only when the last component leaves', async () => {
  await open('cancel')
  await page.getByTestId('cancel-run').click()
  await page.getByTestId('cancel-verdict').waitFor()
  expect(await textOf(page, 'cancel-starts')).toBe('1')
  expect(await textOf(page, 'cancel-aborts')).toBe('1')
  expect(await page.getByTestId('cancel-verdict').getAttribute('data-ok')).toBe('true')
  await screenshot(page, 'cancel')
})

test('private data: two users asking at once each get their own answer', async () => {
  await open('private')
  await page.getByTestId('private-run').click()
  await page.getByTestId('private-verdict').waitFor()
  expect(await textOf(page, 'private-alice-user')).toBe('alice')
  expect(await textOf(page, 'private-bob-user')).toBe('bob')
  const alice = await textOf(page, 'private-alice-secret')
  const bob = await textOf(page, 'private-bob-secret')
  expect(alice).toBeTruthy()
  expect(alice).not.toBe(bob)
  await screenshot(page, 'private')
})

test('every page fits a 375 px wide phone, in dark mode', async () => {
  await page.setViewportSize({ width: 375, height: 800 })
  await page.emulateMedia({ colorScheme: 'dark' })
  for (const route of ['many', 'stampede', 'cancel', 'private']) {
    await open(route)
    await page.getByTestId(`page-${route}`).waitFor()
    if (route === 'many') await runFinished(100)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow, `${route} scrolls sideways at 375 px`).toBe(0)
    await screenshot(page, `${route}-375-dark`)
  }
})
