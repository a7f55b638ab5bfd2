// Shared by the React tests: a fetcher the test settles by hand, a component
// that prints what the hook returns, and cleanup between tests.
import { act, cleanup } from '@testing-library/react'
import type { ReactNode } from 'react'
import { SharedCall } from 'shared-call'
import {
  type Fetcher,
  type Mutate,
  type ReadyKey,
  type SharedCallKey,
  SharedCallProvider,
  type UseSharedCallOptions,
  useSharedCall,
} from 'shared-call/react'
import { afterEach, vi } from 'vitest'

// Vitest runs without globals, so Testing Library cannot register this itself.
// Under fake timers, the unmounted components' grace ticks run before the
// real timers come back, so no test leaves listeners or members behind.
afterEach(() => {
  cleanup()
  if (vi.isFakeTimers()) vi.runOnlyPendingTimers()
  vi.useRealTimers()
})

/** One run of the fetcher, settled by the test. */
export interface FetchCall<T> {
  signal: AbortSignal
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

/** A fetcher whose every call waits for the test to settle it. */
export const controlledFetcher = <T = string>() => {
  const calls: FetchCall<T>[] = []
  const fetcher = vi.fn(
    (signal: AbortSignal, _key?: unknown) =>
      new Promise<T>((resolve, reject) => {
        calls.push({ signal, resolve, reject })
      }),
  )
  return { fetcher, calls }
}

/**
 * Settles a fetch inside `act`, so React renders what follows from it. What
 * `run` returns is not awaited (`mutate()` resolves only once its fetch does).
 */
export const settle = async (run: () => unknown) => {
  await act(async () => {
    run()
  })
}

/** Lets the hook's grace tick (a `setTimeout(0)`) pass; needs fake timers. */
export const passGraceTick = () => act(() => vi.advanceTimersByTime(1))

/** Only `setTimeout` and frames: React's own scheduling stays real. */
export const useFakeTimeouts = () =>
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame'] })

/**
 * `useFakeTimeouts` and a fake `Date`, so throttles, `dedupingInterval` and
 * intervals move with the test's clock.
 */
export const useFakeClock = () =>
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'Date'],
    now: 1_000_000,
  })

/** Lets the next frame come (a mount on shown data fetches then); needs fake timers. */
export const passFrame = () => act(() => vi.advanceTimersByTime(16))

/** Lets the default `dedupingInterval` (2 s, both ends counted) pass; needs `useFakeClock`. */
export const pastDeduping = () => act(() => vi.advanceTimersByTime(2001))

interface ProbeProps {
  name?: string
  id: SharedCallKey | (() => SharedCallKey)
  /** None (`null`): the probe shows what others put in the key. */
  fetcher: ((signal: AbortSignal, key: ReadyKey) => Promise<string>) | null
  options?: UseSharedCallOptions<string>
  onMutate?: (mutate: Mutate<string>) => void
}

/** Prints the hook's state as one line of text, e.g. `a: data=x validating`. */
export function Probe({ name = 'probe', id, fetcher, options, onMutate }: ProbeProps) {
  const { data, error, isLoading, isValidating, mutate } = useSharedCall<string>(
    id,
    fetcher as Fetcher<string>,
    options,
  )
  onMutate?.(mutate)
  const parts = [`${name}:`]
  if (isLoading) parts.push('loading')
  if (data !== undefined) parts.push(`data=${data}`)
  if (error !== undefined) parts.push(`error=${error.name}: ${error.message}`)
  if (isValidating && !isLoading) parts.push('validating')
  return <p data-testid={name}>{parts.join(' ')}</p>
}

/** Renders `children` under a fresh instance, returned for its stats. */
export const withInstance = (shared = new SharedCall()) => ({
  shared,
  wrap: (children: ReactNode) => <SharedCallProvider value={shared}>{children}</SharedCallProvider>,
})
