// The playground's "Devtools" page in Chromium, against the real edge demo:
// the panel lists the page's keys; revalidate, mutate and forget change
// them, and the cards that show them follow.
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { launch, openPage, screenshot } from './browser'
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
  ;({ page, errors } = await openPage(browser, 1280))
})
afterEach(async () => {
  await page.close()
  // The failing key's 400 is the one error the page is meant to show.
  expect(errors.filter((e) => !e.includes('400'))).toEqual([])
})

const product1 = '/api/products/1?delay=300'
const product2 = '/api/products/2?delay=300'

const row = (key: string) => page.locator(`[data-testid=sc-devtools-key][data-key="${key}"]`)
const cell = (key: string, testId: string) => row(key).locator(`[data-testid=${testId}]`)
/** The texts of the three cards of `key`, once they all say the same. */
const cards = async (key: string) =>
  (
    await page.waitForFunction((url) => {
      const texts = [
        ...document.querySelectorAll(`[data-testid=devtools-card][data-url="${url}"]`),
      ].map((card) => card.textContent)
      return (
        texts.length === 3 &&
        new Set(texts).size === 1 &&
        !/loading|revalidating/.test(texts[0]!) &&
        texts[0]
      )
    }, key)
  ).jsonValue() as Promise<string>

test('the panel lists the keys; revalidate, mutate and forget change them, and the cards follow', async () => {
  await page.goto(`${servers.playground}#/devtools`)
  await row(product1).waitFor()
  const first = await cards(product1)
  expect(first).toMatch(/^Product 1 · call #\d+$/)
  await expect.poll(() => row(product1).getAttribute('data-state')).toBe('fresh')
  expect(await cell(product1, 'sc-devtools-subscribers').textContent()).toBe('3')
  expect(await cell(product1, 'sc-devtools-roles').textContent()).toBe('1 / 2')

  // Revalidate: one more upstream call for the three cards.
  await cell(product1, 'sc-devtools-revalidate').click()
  await expect.poll(() => cards(product1)).not.toBe(first)
  // The three cards show one newer upstream call (the demo numbers calls across products).
  const callOf = (text: string) => Number(/#(\d+)/.exec(text)![1])
  expect(callOf(await cards(product1))).toBeGreaterThan(callOf(first))
  await expect.poll(() => cell(product1, 'sc-devtools-roles').textContent()).toBe('2 / 4')

  // Mutate to a value: every card shows it, nothing is fetched.
  await cards(product2)
  await cell(product2, 'sc-devtools-mutate').click()
  await page.getByTestId('sc-devtools-mutate-input').fill('{"name":"Renamed","upstreamCall":0}')
  await page.getByTestId('sc-devtools-mutate-set').click()
  expect(await cards(product2)).toBe('Renamed · call #0')
  expect(await cell(product2, 'sc-devtools-roles').textContent()).toBe('1 / 2')

  // Forget: the data is gone, and the cards fetch it again.
  await cell(product2, 'sc-devtools-forget').click()
  await expect.poll(() => cards(product2)).toMatch(/^Product 2 · call #\d+$/)
  await expect.poll(() => cell(product2, 'sc-devtools-roles').textContent()).toBe('2 / 4')

  // A key that fails shows as error.
  await page.getByTestId('devtools-broken').click()
  const broken = '/api/products/3?delay=oops'
  await expect.poll(() => row(broken).getAttribute('data-state')).toBe('error')
  expect(await cell(broken, 'sc-devtools-errors').textContent()).toBe('1 / 0')
  expect(await page.getByTestId('sc-devtools-stats').textContent()).toMatch(/hit rate \d+ %/)
  await page.getByTestId('sc-devtools-panel').evaluate((panel) => {
    panel.scrollLeft = 0
  })
  await screenshot(page, 'devtools', 'devtools')
})
