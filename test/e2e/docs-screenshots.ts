/**
 * The screenshots the docs show (`docs/<name>.png`). The browser tests take
 * each of them (`screenshot(page, name, docsName)` in browser.ts) and
 * `npm run docs:screenshots` writes them into docs/, so none need show an
 * app that has changed since;
 * test/docs/playground-docs.test.ts checks that the docs show these and no
 * other, and that a browser test takes each one.
 */
export const docsScreenshots = [
  'playground',
  'playground-stampede',
  'playground-cancel',
  'playground-private',
  'playground-tabs',
  'playground-revalidate',
  'devtools',
] as const

export type DocsScreenshot = (typeof docsScreenshots)[number]
