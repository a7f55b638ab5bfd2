// The playground's production build in Debian's Chromium, against the real
// edge demo: what each page claims is checked in the numbers it shows.
import type { Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { openPage, screenshot, textOf } from './browser'
import { playgroundForThisFile } from './servers'

const running = playgroundForThisFile()
let page: Page
let errors: string[]

beforeEach(async () => {
  ;({ page, errors } = await openPage(running.browser))
})

afterEach(async () => {
  await page.close()
  expect(errors, 'console errors in the page').toEqual([])
})

const open = (route: string) => page.goto(`${running.servers.playground}#/${route}`)

/** Waits until the many-components page shows a finished run of `n` components. */
const runFinished = (n: number) =>
  page
    .locator('[data-testid=many-status][data-done=true]', { hasText: `${n} / ${n} components` })
    .waitFor()

/**
 * Waits until the counter reads at least `n` (counters only grow within a
 * run; a poll may lag the last request), then returns what it reads, so a
 * count past `n` fails the test instead of passing it.
 */
const counted = async (testId: string, n: number) => {
  try {
    await page.waitForFunction(
      ([id, at]) =>
        Number(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? Number.NaN) >= at,
      [testId, n] as const,
      { timeout: 20_000 },
    )
  } catch {
    throw new Error(`${testId} never reached ${n}: it reads ${await textOf(page, testId)}`)
  }
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
    expect(await counted('many-requests', 1)).toBe(1)
    expect(await counted('many-upstream', 1)).toBe(1)
    expect(await textOf(page, 'many-distinct-calls')).toBe('1')
    expect(await textOf(page, 'many-hit-rate')).toBe('99.5 %')
    await screenshot(page, 'many', 'playground')
  })

  test('with coalescing off, each component sends its own request; no count of the run before', async () => {
    await open('many')
    await runFinished(100) // coalesced: 1 request, 1 upstream call
    await mount(20, false)
    // The production build: no StrictMode double mount, one plain fetch per component.
    expect(await counted('many-requests', 20)).toBe(20)
    expect(await counted('many-upstream', 20)).toBe(20)
    expect(await textOf(page, 'many-distinct-calls')).toBe('20')
    await screenshot(page, 'many-off')
  })
})

test('edge stampede: the middleware answers 100 requests with 1 upstream call; without it, 100 calls in waves of 10', async () => {
  const delay = 400
  await open('stampede')
  await page.getByTestId('stampede-n').fill('100')
  await page.getByTestId('stampede-delay').fill(String(delay))
  await page.getByTestId('stampede-run').click()
  await page.locator('[data-testid=stampede-status][data-state=done]').waitFor({ timeout: 60_000 })

  const latency = async (route: string, of: 'median' | 'slowest') =>
    Number(await page.getByTestId(`stampede-${route}-latency`).getAttribute(`data-${of}`))

  expect(await textOf(page, 'stampede-api-answered')).toBe('100')
  expect(await textOf(page, 'stampede-api-upstream')).toBe('1')
  expect(await textOf(page, 'stampede-api-roles')).toBe('1 × leader, 99 × follower')
  // Every follower waited for the one upstream call (no answer came from
  // anywhere sooner). How fast is for bench/, not for a test on a busy machine.
  expect(await latency('api', 'slowest')).toBeGreaterThanOrEqual(delay - 5)

  expect(await textOf(page, 'stampede-direct-answered')).toBe('100')
  expect(await textOf(page, 'stampede-direct-upstream')).toBe('100')
  expect(await textOf(page, 'stampede-direct-peak')).toBe('10')
  expect(await textOf(page, 'stampede-direct-roles')).toBe('100 × no header')
  // Ten at a time: the last ten could not start before nine delays had passed.
  expect(await latency('direct', 'slowest')).toBeGreaterThanOrEqual(10 * delay - 5)

  // Both bursts are in the histogram, every request of each.
  const bars = async (run: number) => {
    const counts = await page
      .locator(`[data-testid=stampede-histogram] rect[data-run="${run}"]`)
      .evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('data-count'))))
    return counts.reduce((sum, count) => sum + count, 0)
  }
  expect(await bars(0)).toBe(100)
  expect(await bars(1)).toBe(100)
  await screenshot(page, 'stampede', 'playground-stampede')
})

test('cancellation: the fetch aborts only when the last component leaves', async () => {
  await open('cancel')
  await page.getByTestId('cancel-run').click()
  await page.getByTestId('cancel-verdict').waitFor()
  expect(await textOf(page, 'cancel-starts')).toBe('1')
  expect(await textOf(page, 'cancel-aborts')).toBe('1')
  expect(await page.getByTestId('cancel-verdict').getAttribute('data-ok')).toBe('true')
  await screenshot(page, 'cancel', 'playground-cancel')
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
  await screenshot(page, 'private', 'playground-private')
})

test('every page fits a 375 px wide phone, in dark mode', async () => {
  await page.setViewportSize({ width: 375, height: 800 })
  await page.emulateMedia({ colorScheme: 'dark' })
  await open('many')
  // Every page the header lists, so a page added later is checked too.
  const routes = await page
    .locator('nav.tabs a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')!.replace(/^#\//, '')))
  expect(routes).toEqual(expect.arrayContaining(['many', 'stampede', 'cancel', 'private', 'tabs']))
  for (const route of routes) {
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
