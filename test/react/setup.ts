// React warnings count as failures: any console.error or console.warn during a test fails it.
import { version } from 'react'
import { afterEach, vi } from 'vitest'

// React 18 logs each error an error boundary caught; React 19 hands it to the
// root's onCaughtError instead, which the tests that expect one set.
const caughtByBoundary = (args: unknown[]) =>
  version.startsWith('18.') && String(args[0]).startsWith('The above error occurred in')

const complaints: unknown[][] = []
for (const level of ['error', 'warn'] as const) {
  vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
    if (!caughtByBoundary(args)) complaints.push([level, ...args])
  })
}

afterEach(() => {
  if (complaints.length === 0) return
  const seen = complaints.splice(0).map((args) => args.map(String).join(' '))
  throw new Error(`console warnings during the test:\n${seen.join('\n')}`)
})
