// The playground's production build in Debian's Chromium, against the real
// edge demo: what each page claims is checked in the numbers it shows.
import type { Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { manyComponents, pageGuide } from '../../playground/guide.mjs'
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

/** The chart's largest plotted value. */
const peakOf = async (testId: string) =>
  Number(await page.getByTestId(testId).getAttribute('data-peak'))

describe('many components, one request', () => {
  const start = manyComponents.start

  test(`the ${start} components the page opens with send one request and cause one upstream call`, async () => {
    await open('many')
    await runFinished(start)
    expect(await page.getByTestId('tile').count()).toBe(start)
    expect(await counted('many-requests', 1)).toBe(1)
    expect(await counted('many-upstream', 1)).toBe(1)
    expect(await textOf(page, 'many-distinct-calls')).toBe('1')
    expect(await textOf(page, 'many-hit-rate')).toBe(
      `${(((start - 1) / start) * 100).toFixed(1)} %`,
    )
    expect(await textOf(page, 'many-latency')).toMatch(/^\d+ ms$/)
    // The page's chart: every component a caller, one fetch.
    await page.waitForFunction(
      (n) =>
        Number(
          document.querySelector('[data-testid=many-chart-client]')?.getAttribute('data-peak'),
        ) >=
        n - 1,
      start,
    )
    await screenshot(page, 'many', 'playground')
  })

  test('with coalescing off: one request per component, a slower page, and charts of that run alone', async () => {
    await open('many')
    await runFinished(start) // coalesced: 1 request, 1 upstream call
    await mount(20, false)
    // One plain fetch per component (the production build runs effects once;
    // test/playground/plain-tile.test.tsx proves it under StrictMode too).
    expect(await counted('many-requests', 20)).toBe(20)
    expect(await counted('many-upstream', 20)).toBe(20)
    expect(await textOf(page, 'many-distinct-calls')).toBe('20')
    // Both runs' times, side by side.
    await page
      .getByTestId('many-latency')
      .locator('..')
      .filter({
        hasText:
          /with coalescing: \d+ in \d+ ms \(1 request\) · without: 20 in \d+ ms \(20 requests\)/,
      })
      .waitFor()
    // The charts count this run only: no hook call in the page, and on the
    // server 20 upstream calls, not the coalesced run's numbers.
    expect(await peakOf('many-chart-client')).toBe(0)
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid=many-chart-server]')?.getAttribute('data-peak'),
        ) >= 20,
    )
    expect(await peakOf('many-chart-server')).toBe(20)
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

  // Each bar is drawn where its values are, on the axis' own scale, and the
  // bars of the two runs share their bins instead of standing side by side.
  const drawn = await page.evaluate(() => {
    const chart = document.querySelector('[data-testid=stampede-histogram] svg')!
    const ticks = [...chart.querySelectorAll('.axes text[text-anchor=middle]')]
      .map((text) => ({ value: Number(text.textContent), x: Number(text.getAttribute('x')) }))
      .filter((tick) => Number.isFinite(tick.value))
    const rects = [...chart.querySelectorAll('rect.bar')].map((rect) => ({
      run: Number(rect.getAttribute('data-run')),
      count: Number(rect.getAttribute('data-count')),
      from: Number(rect.getAttribute('data-from')),
      to: Number(rect.getAttribute('data-to')),
      x: Number(rect.getAttribute('x')),
      width: Number(rect.getAttribute('width')),
    }))
    return { ticks, rects }
  })
  const [first, last] = [drawn.ticks[0]!, drawn.ticks.at(-1)!]
  const xOf = (ms: number) =>
    first.x + ((ms - first.value) / (last.value - first.value)) * (last.x - first.x)
  for (const rect of drawn.rects) {
    expect(rect.x).toBeCloseTo(xOf(rect.from), 1)
    expect(rect.x + rect.width).toBeCloseTo(xOf(rect.to), 1)
  }
  // The bars hold the values the cards report: a bar of the middleware's run
  // covers its median, and the last bar without it covers its slowest.
  const covers = (run: number, ms: number) =>
    drawn.rects.some((r) => r.run === run && r.from <= ms && ms < r.to)
  expect(covers(0, await latency('api', 'median'))).toBe(true)
  expect(covers(1, await latency('direct', 'slowest'))).toBe(true)
  // Without the middleware: ten waves, the last one's bar past nine delays.
  expect(Math.max(...drawn.rects.filter((r) => r.run === 1).map((r) => r.to))).toBeGreaterThan(
    9 * delay,
  )
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

/** Words of the page's text that the layout broke across two lines ("follow" / "er"). */
const brokenWords = () =>
  page.evaluate(() => {
    const broken: string[] = []
    const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('svg')) continue
      const text = node.textContent ?? ''
      // Runs of letters and digits: a line may break at a hyphen or a slash.
      for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
        const range = document.createRange()
        range.setStart(node, match.index)
        range.setEnd(node, match.index + match[0].length)
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)))
        if (lines.size > 1) broken.push(match[0])
      }
    }
    return broken
  })

test('every page fits a 375 px wide phone, in dark mode, with no word broken in two', async () => {
  await page.setViewportSize({ width: 375, height: 800 })
  await page.emulateMedia({ colorScheme: 'dark' })
  await open('many')
  // The header lists every page of the guide, in its order.
  const routes = await page
    .locator('nav.tabs a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')!.replace(/^#\//, '')))
  expect(routes).toEqual(pageGuide.map((p) => p.id))
  for (const route of routes) {
    await open(route)
    await page.getByTestId(`page-${route}`).waitFor()
    if (route === 'many') await runFinished(manyComponents.start)
    if (route === 'stampede') {
      // With results: the roles and latencies are the longest values.
      await page.getByTestId('stampede-n').fill('20')
      await page.getByTestId('stampede-delay').fill('50')
      await page.getByTestId('stampede-run').click()
      await page.locator('[data-testid=stampede-status][data-state=done]').waitFor()
    }
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow, `${route} scrolls sideways at 375 px`).toBe(0)
    expect(await brokenWords(), `${route}: words broken mid-word at 375 px`).toEqual([])
    await screenshot(page, `${route}-375-dark`)
  }
})

test('the edge demo answers a browser without an error, its icon included', async () => {
  const failed: string[] = []
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`)
  })
  for (const path of ['/', '/api/products/1?delay=0', '/_shared-call/stats']) {
    await page.goto(`${running.servers.edge.url}${path}`)
    await page.waitForLoadState('networkidle')
  }
  expect(failed).toEqual([])
})
