import { act, render, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { type SharedCall, TimeoutError } from 'shared-call'
import { type Mutate, SharedCallProvider, useSharedCall } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { Boundary } from './boundary'
import { controlledFetcher, Probe, settle, useFakeTimeouts, withInstance } from './harness'

describe('errors', () => {
  it('shows one failure to every component of the key, and keeps the last data', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    let mutate: Mutate<string> = async () => undefined
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

  it('shows a synchronous throw in the commit that fetched, once for every component of the key', async () => {
    const { shared, wrap } = withInstance()
    const onError = vi.fn()
    let mutate: Mutate<string> = async () => undefined
    let calls = 0
    const fetcher = () => {
      calls++
      throw new Error('sync')
    }
    // No await: render's act flushes the mount effects, not the microtasks
    // a rejected promise would need, so the error must be there already.
    render(
      wrap(
        <>
          <Probe
            name="a"
            id="k"
            fetcher={fetcher}
            options={{ onError }}
            onMutate={(m) => (mutate = m)}
          />
          <Probe name="b" id="k" fetcher={fetcher} options={{ onError }} />
        </>,
      ),
    )
    expect(screen.getByTestId('a').textContent).toBe('a: error=Error: sync')
    expect(screen.getByTestId('b').textContent).toBe('b: error=Error: sync')
    expect(calls).toBe(1)
    expect(onError).toHaveBeenCalledTimes(1)

    // The flight's own end, a microtask later, neither flips nor tells again.
    await settle(() => {})
    expect(screen.getByTestId('a').textContent).toBe('a: error=Error: sync')
    expect(onError).toHaveBeenCalledTimes(1)
    // b mounted on a key with an error: it left the retry to the key (SWR's rule).
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 0, errors: 1 })

    // A revalidation of both: one call of the fetcher, both components its
    // callers, one more onError, and no loading state in between.
    act(() => {
      void mutate().catch(() => {})
    })
    expect(screen.getByTestId('b').textContent).toBe('b: error=Error: sync')
    expect(calls).toBe(2)
    expect(onError).toHaveBeenCalledTimes(2)
    await settle(() => {})
    expect(screen.getByTestId('b').textContent).toBe('b: error=Error: sync')
    expect(onError).toHaveBeenCalledTimes(2)
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 1, errors: 2 })
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

/** The error a component tree threw during render, as its error boundary saw it. */
const renderError = (tree: ReactNode): unknown => {
  const caught: unknown[] = []
  render(<Boundary caught={caught}>{tree}</Boundary>, { onCaughtError: () => {} })
  return caught[0]
}

function Hook({ args }: { args: unknown[] }) {
  ;(useSharedCall as (...a: unknown[]) => unknown)(...args)
  return null
}

const MS = 'a number of ms ≥ 0 (at most 2147483647) or Infinity'

describe('bad input throws a TypeError that says what to do', () => {
  const fetcher = async () => 'x'
  it.each([
    [
      [42, fetcher],
      'key must be a non-empty string without lone surrogates, an array, a plain object or null, got 42',
    ],
    [
      [new Date(0), fetcher],
      'key must be a non-empty string without lone surrogates, an array, a plain object or null, got a Date',
    ],
    [
      ['\uD800', fetcher],
      'key must be a non-empty string without lone surrogates, an array, a plain object or null, got "\\ud800"',
    ],
    [
      ['k', 'not a function'],
      'fetcher must be a function (signal, key) => data, or null, got "not a function"',
    ],
    [['k', fetcher, 5000], 'options must be an object, got 5000'],
    [['k', fetcher, null], 'options must be an object, got null'],
    [['k', fetcher, { onSuccess: 'log' }], 'options.onSuccess must be a function, got "log"'],
    [['k', fetcher, { onError: true }], 'options.onError must be a function, got true'],
    [['k', fetcher, { enabled: 'no' }], 'options.enabled must be a boolean, got "no"'],
    [['k', fetcher, { suspense: 1 }], 'options.suspense must be a boolean, got 1'],
    [
      ['k', fetcher, { keepPreviousData: 'yes' }],
      'options.keepPreviousData must be a boolean, got "yes"',
    ],
    [
      ['k', fetcher, { revalidateOnMount: 0 }],
      'options.revalidateOnMount must be a boolean, got 0',
    ],
    [
      ['k', fetcher, { revalidateIfStale: null }],
      'options.revalidateIfStale must be a boolean, got null',
    ],
    [
      ['k', fetcher, { revalidateOnFocus: 'false' }],
      'options.revalidateOnFocus must be a boolean, got "false"',
    ],
    [
      ['k', fetcher, { revalidateOnReconnect: 1 }],
      'options.revalidateOnReconnect must be a boolean, got 1',
    ],
    [
      ['k', fetcher, { refreshWhenHidden: {} }],
      'options.refreshWhenHidden must be a boolean, got an object',
    ],
    [
      ['k', fetcher, { shouldRetryOnError: 3 }],
      'options.shouldRetryOnError must be a boolean, got 3',
    ],
    [['k', fetcher, { timeout: -1 }], `options.timeout must be ${MS}, got -1`],
    [['k', fetcher, { timeout: '5s' }], `options.timeout must be ${MS}, got "5s"`],
    [['k', fetcher, { shareFor: 2 ** 31 }], `options.shareFor must be ${MS}, got 2147483648`],
    [['k', fetcher, { gcTime: Number.NaN }], `options.gcTime must be ${MS}, got NaN`],
    [['k', fetcher, { refreshInterval: -5 }], `options.refreshInterval must be ${MS}, got -5`],
    [
      ['k', fetcher, { focusThrottleInterval: '1m' }],
      `options.focusThrottleInterval must be ${MS}, got "1m"`,
    ],
    [
      ['k', fetcher, { errorRetryInterval: -1 }],
      `options.errorRetryInterval must be ${MS}, got -1`,
    ],
    [
      ['k', fetcher, { dedupingInterval: '2s' }],
      `options.dedupingInterval must be ${MS}, got "2s"`,
    ],
    [
      ['k', fetcher, { errorRetryCount: 1.5 }],
      'options.errorRetryCount must be a whole number ≥ 0 or Infinity, got 1.5',
    ],
    [
      ['k', fetcher, { errorRetryCount: -1 }],
      'options.errorRetryCount must be a whole number ≥ 0 or Infinity, got -1',
    ],
  ])('useSharedCall(%j)', (args, message) => {
    const error = renderError(<Hook args={args} />)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toBe(`shared-call: useSharedCall ${message}`)
  })

  it('an array key that cannot be encoded', () => {
    const error = renderError(<Hook args={[['user', () => {}], fetcher]} />)
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toMatch(/key part must be .*, got a function$/)
  })

  it('throws during render, so server rendering throws it too (no effect runs there)', () => {
    expect(() => renderToString(<Hook args={['k', fetcher, { timeout: -1 }]} />)).toThrow(
      `shared-call: useSharedCall options.timeout must be ${MS}, got -1`,
    )
  })

  it('a bad fetcher or option is fine while the key is null, a bad key is not', () => {
    expect(renderError(<Hook args={[null, undefined]} />)).toBeUndefined()
    expect(renderError(<Hook args={[null, fetcher, { gcTime: -1 }]} />)).toBeInstanceOf(TypeError)
    expect(renderError(<Hook args={[42, fetcher, { enabled: false }]} />)).toBeInstanceOf(TypeError)
  })

  it('SharedCallProvider without a SharedCall instance', () => {
    const error = renderError(
      <SharedCallProvider value={{} as SharedCall}>
        <p />
      </SharedCallProvider>,
    )
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toBe(
      'shared-call: SharedCallProvider value must be a SharedCall (if it is one, two copies of shared-call are installed: dedupe them), got an object',
    )
  })

  it.each([
    [{ options: { gcTime: -1 } }, `SharedCallProvider options.gcTime must be ${MS}, got -1`],
    [{ options: 'fast' }, 'SharedCallProvider options must be an object, got "fast"'],
    [{ fallback: 'data' }, 'SharedCallProvider fallback must be an object, got "data"'],
  ])('SharedCallProvider %j', (props, message) => {
    const error = renderError(
      <SharedCallProvider {...(props as object)}>
        <p />
      </SharedCallProvider>,
    )
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toBe(`shared-call: ${message}`)
  })
})
