import { render, screen } from '@testing-library/react'
import { Component, type ReactNode } from 'react'
import { SharedCall, TimeoutError } from 'shared-call'
import { SharedCallProvider, useSharedCall } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { controlledFetcher, Probe, settle, useFakeTimeouts, withInstance } from './harness'

describe('errors', () => {
  it('shows one failure to every component of the key, and keeps the last data', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    let mutate: (...data: [] | [string]) => void = () => {}
    render(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} onMutate={(m) => (mutate = m)} />
          <Probe name="b" id="k" fetcher={fetcher} />
        </>,
      ),
    )
    await settle(() => calls[0]!.resolve('v1'))
    await settle(() => mutate())
    await settle(() => calls[1]!.reject(new Error('down')))

    expect(screen.getByTestId('a').textContent).toBe('a: data=v1 error=Error: down')
    expect(screen.getByTestId('b').textContent).toBe('b: data=v1 error=Error: down')
    expect(shared.getStats().errors).toBe(1)

    await settle(() => mutate())
    await settle(() => calls[2]!.resolve('v2'))
    expect(screen.getByTestId('b').textContent).toBe('b: data=v2')
  })

  it('treats a fetcher that throws synchronously like one that rejects', async () => {
    const { wrap } = withInstance()
    const fetcher = () => {
      throw new Error('sync')
    }
    await settle(() => {
      render(wrap(<Probe id="k" fetcher={fetcher} />))
    })
    expect(screen.getByTestId('probe').textContent).toBe('probe: error=Error: sync')
  })

  it('times out with a TimeoutError and aborts the fetch', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Probe id="k" fetcher={fetcher} options={{ timeout: 100 }} />))
    await settle(() => vi.advanceTimersByTime(100))
    expect(screen.getByTestId('probe').textContent).toBe(
      'probe: error=TimeoutError: shared-call: "k" did not settle within 100 ms',
    )
    expect(calls[0]!.signal.reason).toBeInstanceOf(TimeoutError)
  })
})

/** Catches what a child throws while rendering, the way an app's boundary would. */
class Boundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {}
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    return this.state.error ? null : this.props.children
  }
}

/** The error a component tree threw during render, as its error boundary saw it. */
const renderError = (tree: ReactNode): unknown => {
  const caught: unknown[] = []
  render(<Boundary>{tree}</Boundary>, { onCaughtError: (error) => caught.push(error) })
  return caught[0]
}

function Hook({ args }: { args: unknown[] }) {
  ;(useSharedCall as (...a: unknown[]) => unknown)(...args)
  return null
}

describe('bad input throws a TypeError that says what to do', () => {
  const fetcher = async () => 'x'
  it.each([
    [['', fetcher], /key must be a non-empty string, an array, or null/],
    [[42, fetcher], /key must be a non-empty string, an array, or null/],
    [[{ id: 1 }, fetcher], /key must be a non-empty string, an array, or null/],
    [['k', 'not a function'], /fetcher must be a function \(signal\) => data/],
    [['k', fetcher, 5000], /options must be an object/],
    [['k', fetcher, null], /options must be an object/],
    [['k', fetcher, { onSuccess: 'log' }], /options.onSuccess must be a function/],
    [['k', fetcher, { onError: true }], /options.onError must be a function/],
    [[['user', () => {}], fetcher], /pass a `key` function|cannot encode/],
  ])('useSharedCall(%j)', (args, message) => {
    const error = renderError(<Hook args={args} />)
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toMatch(message)
  })

  it('a bad fetcher is fine while the key is null', () => {
    expect(renderError(<Hook args={[null, undefined]} />)).toBeUndefined()
  })

  it('SharedCallProvider without a SharedCall instance', () => {
    const error = renderError(
      <SharedCallProvider value={{} as SharedCall}>
        <p />
      </SharedCallProvider>,
    )
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toMatch(/value must be a new SharedCall\(\)/)
  })

  it('a timeout that is not a duration', () => {
    const error = renderError(
      <SharedCallProvider value={new SharedCall()}>
        <Hook args={['k', fetcher, { timeout: -1 }]} />
      </SharedCallProvider>,
    )
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toMatch(/timeout/)
  })
})
