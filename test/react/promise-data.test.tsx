// Promises as data: `fallback: { [key]: promise }` and `fallbackData: promise`
// suspend the component until they resolve (React 19 streams a server's
// promises to the client this way); a rejection goes to the error boundary.
// Runs on React 19 (use) and React 18 (the same protocol by hand).
import { render, screen } from '@testing-library/react'
import { Component, type ReactNode, Suspense } from 'react'
import { SharedCall } from 'shared-call'
import { SharedCallProvider, useSharedCall } from 'shared-call/react'
import { describe, expect, it } from 'vitest'
import { deferred } from '../support/deferred'
import { controlledFetcher, Probe, settle } from './harness'

class Boundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {}
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    return this.state.error === undefined ? (
      this.props.children
    ) : (
      <p data-testid="caught">caught {String(this.state.error)}</p>
    )
  }
}

const loading = <p data-testid="fallback">fallback</p>

/** Shows the key's data; a click appends "!" to it, telling `onBefore` what it was. */
function Editor({ onBefore }: { onBefore: (before: unknown) => void }) {
  const { data, mutate } = useSharedCall<string>('user', null)
  return (
    <button
      type="button"
      onClick={() =>
        mutate((before) => {
          onBefore(before)
          return `${before}!`
        }, false)
      }
    >
      {data}
    </button>
  )
}

describe('a promise in the provider’s fallback', () => {
  it('suspends every component of the key until it resolves, then shows its value, fetching nothing', async () => {
    const { fetcher } = controlledFetcher()
    const streamed = deferred<string>()
    await settle(() =>
      render(
        <SharedCallProvider value={new SharedCall()} fallback={{ user: streamed.promise }}>
          <Suspense fallback={loading}>
            <Probe name="a" id="user" fetcher={fetcher} />
            <Probe name="b" id="user" fetcher={null} />
          </Suspense>
        </SharedCallProvider>,
      ),
    )
    expect(screen.getByTestId('fallback')).toBeTruthy()
    await settle(() => streamed.resolve('Ada'))
    expect(screen.getByTestId('a').textContent).toBe('a: data=Ada')
    expect(screen.getByTestId('b').textContent).toBe('b: data=Ada')
    // Fallback data is fresh: nothing to fetch on mount.
    expect(fetcher).not.toHaveBeenCalled()
  })

  it('gives the key its value, not the promise: mutate sees the data', async () => {
    const streamed = deferred<string>()
    let current: unknown
    await settle(() =>
      render(
        <SharedCallProvider value={new SharedCall()} fallback={{ user: streamed.promise }}>
          <Suspense fallback={loading}>
            <Editor onBefore={(before) => (current = before)} />
          </Suspense>
        </SharedCallProvider>,
      ),
    )
    await settle(() => streamed.resolve('Ada'))
    await settle(() => screen.getByRole('button').click())
    expect(current).toBe('Ada')
    expect(screen.getByRole('button').textContent).toBe('Ada!')
  })

  it('a rejected promise goes to the error boundary', async () => {
    const streamed = deferred<string>()
    await settle(() =>
      render(
        <Boundary>
          <SharedCallProvider value={new SharedCall()} fallback={{ user: streamed.promise }}>
            <Suspense fallback={loading}>
              <Probe id="user" fetcher={null} />
            </Suspense>
          </SharedCallProvider>
        </Boundary>,
        { onCaughtError: () => {} },
      ),
    )
    await settle(() => streamed.reject(new Error('server failed')))
    expect(screen.getByTestId('caught').textContent).toBe('caught Error: server failed')
  })
})

describe('a promise as fallbackData', () => {
  it('suspends until it resolves and shows its value while the key has no data', async () => {
    const { fetcher, calls } = controlledFetcher()
    const initial = deferred<string>()
    await settle(() =>
      render(
        <SharedCallProvider value={new SharedCall()}>
          <Suspense fallback={loading}>
            <Probe id="k" fetcher={fetcher} options={{ fallbackData: initial.promise }} />
          </Suspense>
        </SharedCallProvider>,
      ),
    )
    expect(screen.getByTestId('fallback')).toBeTruthy()
    await settle(() => initial.resolve('initial'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=initial validating')
    await settle(() => calls[0]!.resolve('fetched'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=fetched')
  })
})
