// Issue 21.4: the docs and the demo's own output say what the playground
// is. Its pages come from one list (playground/guide.mjs), which the app's
// tabs are made of (test/e2e checks the tabs against it); here, the README,
// docs/playground.md and what `npm run demo` prints are checked against it,
// and the screenshots the docs show against the ones the browser tests take.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { demoGuide, manyComponents, pageGuide } from '../../playground/guide.mjs'
import { docsScreenshots } from '../e2e/docs-screenshots'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
const readme = read('README.md')
const playgroundDoc = read('docs/playground.md')

describe('the playground pages', () => {
  it('docs/playground.md has a section for each page, in the order of the tabs, and no other', () => {
    const sections = [
      ...playgroundDoc.matchAll(
        /^### (.+) \(\[`#\/(\w+)`\]\(http:\/\/127\.0\.0\.1:5173\/#\/(\w+)\)\)$/gm,
      ),
    ]
    expect(sections.map(([, title, id, link]) => ({ id, title, link }))).toEqual(
      pageGuide.map(({ id, title }) => ({ id, title, link: id })),
    )
  })

  it('the README lists each page, in the order of the tabs', () => {
    const listed = [...readme.matchAll(/^- \*\*(.+?)\*\* \(`#\/(\w+)`\)/gm)]
    expect(listed.map(([, title, id]) => ({ id, title }))).toEqual(
      pageGuide.map(({ id, title }) => ({ id, title })),
    )
    expect(readme).toContain(
      `the playground's ${['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'][pageGuide.length]} pages`,
    )
  })

  it('npm run demo prints each page with what to look at, in a column', () => {
    // An edge demo on a long port: its line must not run into its text.
    const printed = demoGuide('http://127.0.0.1:5173/', 'http://127.0.0.1:39079')
    const literal = (text: string) => text.replace(/[()]/g, '\\$&')
    for (const { id, look } of pageGuide)
      expect(printed).toMatch(
        new RegExp(`http://127\\.0\\.0\\.1:5173/#/${id} {3,}${literal(look)}\\n`),
      )
    expect(printed).toMatch(
      /http:\/\/127\.0\.0\.1:39079\/_shared-call\/stats {3,}the server's hits/,
    )
    const column = printed
      .split('\n')
      .filter((line) => line.startsWith('    http'))
      .map((line) => line.search(/ {3}\S/) + 3)
    expect(new Set(column).size).toBe(1)
  })

  it('say how many components the first page opens with, and how many it takes', () => {
    const { start, max } = manyComponents
    expect(pageGuide[0]!.look).toContain(`${start} components (up to ${max})`)
    expect(readme).toContain(`it opens with ${start} components`)
    expect(readme).toContain(`(up to ${max})`)
    expect(playgroundDoc).toContain(`the page opens with ${start} components`)
    expect(playgroundDoc).toContain(`(1–${max})`)
  })
})

describe('the screenshots in the docs', () => {
  const docs = [
    'README.md',
    ...readdirSync(new URL('../../docs/', import.meta.url))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ]
  const shown = new Set(
    docs.flatMap((doc) =>
      [...read(doc).matchAll(/\]\((?:docs\/)?([\w-]+)\.png\)/g)].map((m) => m[1]!),
    ),
  )

  it('are the ones the browser tests take, every one of them', () => {
    expect([...shown].sort()).toEqual([...docsScreenshots].sort())
    for (const name of docsScreenshots)
      expect(existsSync(new URL(`../../docs/${name}.png`, import.meta.url)), name).toBe(true)
  })

  it('are each taken by a browser test on every run', () => {
    const e2e = readdirSync(new URL('../e2e/', import.meta.url))
      .filter((file) => file.endsWith('.test.ts'))
      .map((file) => read(`test/e2e/${file}`))
      .join('\n')
    for (const name of docsScreenshots)
      expect(e2e, name).toMatch(new RegExp(`screenshot\\([^)]*'${name}'\\)`))
  })
})
