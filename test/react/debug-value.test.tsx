// React DevTools shows each hook's useDebugValue: here, the key's state.
import { render } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { controlledFetcher, Probe, settle, withInstance } from './harness'

const debugValues = vi.hoisted(() => [] as unknown[])
vi.mock('react', async (original) => {
  const react = await original<typeof import('react')>()
  return { ...react, useDebugValue: (value: unknown) => debugValues.push(value) }
})

describe('useDebugValue', () => {
  it('shows the key’s state: loading, then the data', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(debugValues.at(-1)).toEqual({ isValidating: true })
    await settle(() => calls[0]!.resolve('x'))
    expect(debugValues.at(-1)).toEqual({ data: 'x', error: undefined, isValidating: false })
  })
})
