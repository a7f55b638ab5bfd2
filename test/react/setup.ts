// React warnings count as failures: any console.error or console.warn during a test fails it.
import { afterEach, vi } from 'vitest'

const complaints: unknown[][] = []
for (const level of ['error', 'warn'] as const) {
  vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
    complaints.push([level, ...args])
  })
}

afterEach(() => {
  if (complaints.length === 0) return
  const seen = complaints.splice(0).map((args) => args.map(String).join(' '))
  throw new Error(`console warnings during the test:\n${seen.join('\n')}`)
})
