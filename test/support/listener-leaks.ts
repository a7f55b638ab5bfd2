// A MaxListenersExceededWarning means listeners pile up on one emitter or
// AbortSignal: a bug, not noise. The test during which Node emits one fails.
import { afterEach, expect } from 'vitest'

const warnings: string[] = []
process.on('warning', (warning) => {
  if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning.message)
})

afterEach(() => {
  expect(warnings.splice(0), 'MaxListenersExceededWarning').toEqual([])
})
