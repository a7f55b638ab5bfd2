/**
 * The screenshots the docs show (`docs/<name>.png`). The browser tests take
 * each of them on every run (`screenshot(page, name, docsName)` in
 * browser.ts), so none can show an app that has changed since;
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
