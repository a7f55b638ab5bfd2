import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { chromiumArgs, findChromium, installHint } from '../../scripts/chromium.mjs'
import type { DocsScreenshot } from './docs-screenshots'

export const screenshots = new URL('./__screenshots__/', import.meta.url)

/** Debian's Chromium, headless, with the flags that keep it off the network. */
export const launch = (): Promise<Browser> => {
  const executablePath = findChromium()
  if (!executablePath) throw new Error(installHint)
  return chromium.launch({ executablePath, args: chromiumArgs })
}

/**
 * A page that records every console error and uncaught exception, so a test
 * can fail on them: a warning in the console is a bug the user would see.
 */
export const openPage = async (browser: Browser, width = 1200) =>
  recordErrors(await browser.newPage({ viewport: { width, height: 900 } }))

/**
 * A tab in `context`, recording errors like `openPage`: tabs of one context
 * share an origin's storage, Web Locks and `BroadcastChannel`s, as the tabs
 * of one browser window do.
 */
export const openTab = async (context: BrowserContext) => recordErrors(await context.newPage())

const recordErrors = (page: Page) => {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`))
  return { page, errors }
}

const docs = new URL('../../docs/', import.meta.url)

/**
 * Saves a full-page screenshot as a test artifact (git-ignored) and, with
 * `docsName` and `npm run docs:screenshots`, as the screenshot the docs show
 * (`docs/<docsName>.png`): a plain `npm test` leaves the checkout as it was
 * (each run's timings would otherwise change every image).
 */
export const screenshot = async (page: Page, name: string, docsName?: DocsScreenshot) => {
  mkdirSync(screenshots, { recursive: true })
  await page.screenshot({
    path: fileURLToPath(new URL(`${name}.png`, screenshots)),
    fullPage: true,
  })
  if (docsName && process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
    await page.screenshot({
      path: fileURLToPath(new URL(`${docsName}.png`, docs)),
      fullPage: true,
    })
  }
}

/** The text of the element with this `data-testid`. */
export const textOf = (page: Page, testId: string) => page.getByTestId(testId).textContent()
