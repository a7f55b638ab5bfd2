// Two tabs of the playground in one Chromium context (one origin: shared Web
// Locks and BroadcastChannels) load the same product through
// `tabsCoordinator()`. Requests are counted where they leave each tab and at
// the edge demo's upstream counter.
import type { BrowserContext, Page } from 'playwright-core'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { openTab, screenshot, textOf } from './browser'
import { playgroundForThisFile } from './servers'

interface Tab {
  page: Page
  errors: string[]
  /** Product requests this tab sent, seen by the browser. */
  requests: () => number
}

const running = playgroundForThisFile()
let context: BrowserContext
let tabs: Tab[]

beforeEach(async () => {
  context = await running.browser.newContext({ viewport: { width: 1000, height: 900 } })
  tabs = []
  const reset = await fetch(`${running.servers.edge.url}/_upstream/reset`, { method: 'POST' })
  expect(reset.ok).toBe(true)
})

afterEach(async () => {
  await context.close()
  for (const [i, tab] of tabs.entries()) {
    expect(tab.errors, `console errors in tab ${i + 1}`).toEqual([])
  }
})

const upstream = async (): Promise<{ calls: number; active: number }> =>
  (await fetch(`${running.servers.edge.url}/_upstream/stats`)).json()

/** A tab on the "many tabs" page, set to load product `id` with an upstream delay. */
const openTabsPage = async (id: string, delayMs: number): Promise<Tab> => {
  const { page, errors } = await openTab(context)
  let requests = 0
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/direct/products/')) requests++
  })
  await page.goto(`${running.servers.playground}#/tabs`)
  await page.getByTestId('page-tabs').waitFor()
  await page.getByTestId('tabs-id').fill(id)
  await page.getByTestId('tabs-delay').fill(String(delayMs))
  const tab = { page, errors, requests: () => requests }
  tabs.push(tab)
  return tab
}

const inState = (tab: Tab, attribute: 'state' | 'role', value: string) =>
  tab.page.locator(`[data-testid=tabs-status][data-${attribute}=${value}]`).waitFor()

/** Waits until the tab's `load`-th load (1, 2, …) has settled. */
const loadDone = (tab: Tab, load: number) =>
  tab.page.locator(`[data-testid=tabs-status][data-load="${load}"][data-state=done]`).waitFor()

/**
 * Holds the tab's next product request in the browser until the returned
 * function is called, so "at the same time" never depends on how fast the
 * test clicks.
 */
const holdNextRequest = async (tab: Tab) => {
  let letGo = () => {}
  const held = new Promise<void>((resolve) => {
    letGo = resolve
  })
  await tab.page.route(
    '**/direct/products/**',
    async (route) => {
      await held
      await route.continue()
    },
    { times: 1 },
  )
  return letGo
}

/** The run a tab counts in, once it shows one. */
const runOf = async (tab: Tab) => {
  await tab.page.locator('[data-testid=tabs-run][data-run^=tabs-]').waitFor()
  return tab.page.getByTestId('tabs-run').getAttribute('data-run')
}

/** Waits until the tab's server counter shows `n` upstream calls (it polls). */
const upstreamShows = (tab: Tab, n: number) =>
  tab.page.waitForFunction(
    (n) => document.querySelector('[data-testid=tabs-upstream]')?.textContent === String(n),
    n,
  )

/**
 * Waits until a request for the lock of `key` is queued (the leader holds
 * it; only a waiting tab queues for it): the tab waits for the leader.
 */
const waitingForLeader = (tab: Tab, key: string) =>
  tab.page.waitForFunction(async (suffix) => {
    const { pending = [] } = await navigator.locks.query()
    return pending.some((lock) => lock.name?.endsWith(suffix))
  }, `:${key}`)

test('two tabs loading one product at once send one request in total', async () => {
  const a = await openTabsPage('41', 300)
  const b = await openTabsPage('41', 300)
  // Tab A's request is held in the browser until B waits for it.
  const letGo = await holdNextRequest(a)

  await a.page.getByTestId('tabs-load').click()
  await inState(a, 'state', 'leading')
  await b.page.getByTestId('tabs-load').click()
  await waitingForLeader(b, 'product:41')
  letGo()

  await inState(a, 'role', 'leader')
  await inState(b, 'role', 'follower')
  expect(a.requests() + b.requests(), 'product requests sent by both tabs').toBe(1)
  expect(await textOf(a.page, 'tabs-requests')).toBe('1')
  expect(await textOf(b.page, 'tabs-requests')).toBe('0')
  expect(await textOf(b.page, 'tabs-remote-hits')).toBe('1')
  expect(await textOf(a.page, 'tabs-remote-hits')).toBe('0')
  expect(await textOf(b.page, 'tabs-product-name')).toBe(await textOf(a.page, 'tabs-product-name'))
  expect(await textOf(b.page, 'tabs-upstream-call')).toBe('1')
  expect((await upstream()).calls, 'upstream calls').toBe(1)
  await upstreamShows(a, 1)
  await screenshot(a.page, 'tabs-leader')
  await screenshot(b.page, 'tabs-follower', 'playground-tabs')
})

// Needs the tabs coordinator to drop a key's kept result when a new flight of
// it starts (issue 10): until then, tab B's second load gets round 1's answer.
test('two rounds within resultTtlMs: each round, both tabs get that round’s fresh answer', async () => {
  const a = await openTabsPage('44', 300)
  const b = await openTabsPage('44', 300)
  expect(await runOf(b), 'both tabs count in one run').toBe(await runOf(a))

  // Both rounds well inside resultTtlMs (5 s): nothing here waits on a clock.
  for (const round of [1, 2]) {
    const letGo = await holdNextRequest(a)
    await a.page.getByTestId('tabs-load').click()
    await inState(a, 'state', 'leading')
    await b.page.getByTestId('tabs-load').click()
    // B waits for A's lock, or (wrongly) already has an answer: either way, go on.
    await Promise.race([waitingForLeader(b, 'product:44'), loadDone(b, round)])
    letGo()
    await loadDone(a, round)
    await loadDone(b, round)

    expect(await a.page.getByTestId('tabs-status').getAttribute('data-role')).toBe('leader')
    expect(await textOf(a.page, 'tabs-upstream-call'), `round ${round}: tab A's answer`).toBe(
      String(round),
    )
    expect(await textOf(b.page, 'tabs-upstream-call'), `round ${round}: tab B's answer`).toBe(
      String(round),
    )
    expect(await b.page.getByTestId('tabs-status').getAttribute('data-role')).toBe('follower')
  }
  expect(a.requests() + b.requests(), 'product requests sent by both tabs').toBe(2)
  expect(await textOf(a.page, 'tabs-requests')).toBe('2')
  expect(await textOf(b.page, 'tabs-requests')).toBe('0')
  expect(await textOf(b.page, 'tabs-remote-hits')).toBe('2')
  await upstreamShows(a, 2)
  await upstreamShows(b, 2)
  await screenshot(b.page, 'tabs-round-2')
})

test('a new run zeroes every counter, in every tab', async () => {
  const a = await openTabsPage('45', 0)
  const b = await openTabsPage('45', 0)
  await a.page.getByTestId('tabs-load').click()
  await loadDone(a, 1)
  await upstreamShows(b, 1)
  const before = await runOf(a)

  await b.page.getByTestId('tabs-new-run').click()
  for (const tab of [a, b]) {
    await tab.page.locator(`[data-testid=tabs-run]:not([data-run="${before}"])`).waitFor()
    await upstreamShows(tab, 0)
    expect(await textOf(tab.page, 'tabs-requests')).toBe('0')
    expect(await textOf(tab.page, 'tabs-remote-hits')).toBe('0')
  }
  expect(await runOf(a)).toBe(await runOf(b))
})

test('when the leading tab closes mid-flight, the waiting tab takes over and gets the data', async () => {
  // A's upstream answers in 10 s: it is closed long before.
  const a = await openTabsPage('42', 10_000)
  const b = await openTabsPage('42', 200)
  await a.page.getByTestId('tabs-load').click()
  await inState(a, 'state', 'leading')
  await expect.poll(async () => (await upstream()).active, { timeout: 10_000 }).toBe(1)
  await b.page.getByTestId('tabs-load').click()
  await waitingForLeader(b, 'product:42')
  expect(b.requests()).toBe(0)

  await a.page.close()

  await inState(b, 'role', 'leader')
  expect(a.requests(), 'the closed tab sent its request').toBe(1)
  expect(b.requests(), 'the tab that took over sent its own').toBe(1)
  expect(await textOf(b.page, 'tabs-requests')).toBe('1')
  expect(await textOf(b.page, 'tabs-product-name')).toBe('Product 42, price 471')
  // The closed tab's call is #1 (still running upstream); the takeover's is #2.
  expect(await textOf(b.page, 'tabs-upstream-call')).toBe('2')
  expect((await upstream()).calls).toBe(2)
  await screenshot(b.page, 'tabs-takeover')
})

test('the many tabs page fits a 375 px wide phone, in dark mode', async () => {
  const a = await openTabsPage('43', 0)
  await a.page.setViewportSize({ width: 375, height: 800 })
  await a.page.emulateMedia({ colorScheme: 'dark' })
  await a.page.getByTestId('tabs-load').click()
  await inState(a, 'role', 'leader')
  const overflow = await a.page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow, 'the page scrolls sideways at 375 px').toBe(0)
  await screenshot(a.page, 'tabs-375-dark')
})
