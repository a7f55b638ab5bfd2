import { expect, it } from 'vitest'

/** Which JavaScript runtime runs this test file. */
const runtime = () => {
  const g = globalThis as {
    Deno?: unknown
    Bun?: unknown
    process?: { versions?: { node?: string } }
  }
  if (g.Deno) return 'deno'
  if (g.Bun) return 'bun'
  return `node${g.process?.versions?.node?.split('.')[0]}`
}

// scripts/runtimes.mjs sets EXPECT_RUNTIME, so "the core ran on Deno" is
// checked inside the test worker, not assumed from the command line.
it('runs on the runtime the matrix asked for', () => {
  const expected = process.env.EXPECT_RUNTIME
  if (expected) expect(runtime()).toBe(expected)
  else expect(runtime()).toMatch(/^(node\d+|deno|bun)$/)
})
