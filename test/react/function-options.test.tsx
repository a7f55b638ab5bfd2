// Options given as functions: refreshInterval(latestData), isPaused(),
// compare(a, b), and mutate's revalidate(data, key).
import { act, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { type Mutate, useSharedCall } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { controlledFetcher, Probe, settle, useFakeTimeouts, withInstance } from './harness'

const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms))

type Fetch<T> = (signal: AbortSignal) => Promise<T>

function Counter(props: { fetcher: Fetch<number>; refreshInterval: (latest?: number) => number }) {
  const { data } = useSharedCall('n', props.fetcher, {
    refreshInterval: props.refreshInterval,
    dedupingInterval: 0,
  })
  return <p data-testid="n">{data}</p>
}

interface Versioned {
  version: number
  at: number
}

/** Records each distinct data object it renders. */
function Doc(props: {
  fetcher: Fetch<Versioned>
  seen: unknown[]
  onMutate: (mutate: () => Promise<unknown>) => void
}) {
  const { data, mutate } = useSharedCall('doc', props.fetcher, {
    compare: (a, b) => a?.version === b?.version,
  })
  props.onMutate(mutate)
  if (data && props.seen.at(-1) !== data) props.seen.push(data)
  return null
}

/** A probe paused until `onUnpause`'s function is called. */
function Gate(props: { fetcher: Fetch<string>; onUnpause: (unpause: () => void) => void }) {
  const [paused, setPaused] = useState(true)
  props.onUnpause(() => setPaused(false))
  return (
    <Probe
      id="k"
      fetcher={props.fetcher}
      options={{ isPaused: () => paused, refreshInterval: 50 }}
    />
  )
}

describe('refreshInterval as a function of the latest data', () => {
  it('gives the next interval from each answer, counted from its arrival; 0 stops', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher<number>()
    const { wrap } = withInstance()
    // 1 s after a 1, 2 s after a 2, then stop.
    const refreshInterval = vi.fn((latest?: number) => (latest === undefined ? 0 : latest * 1000))
    render(
      wrap(
        <Counter fetcher={fetcher} refreshInterval={(latest) => refreshInterval(latest) % 3000} />,
      ),
    )
    await settle(() => calls[0]!.resolve(1))
    await wait(999)
    expect(fetcher).toHaveBeenCalledTimes(1)
    await wait(1)
    expect(fetcher).toHaveBeenCalledTimes(2)
    // The next interval waits for the answer: it is 2 s, from now.
    await wait(5000)
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve(2))
    expect(refreshInterval).toHaveBeenLastCalledWith(2)
    await wait(1999)
    expect(fetcher).toHaveBeenCalledTimes(2)
    await wait(1)
    expect(fetcher).toHaveBeenCalledTimes(3)
    await settle(() => calls[2]!.resolve(3))
    // 3 × 1000 % 3000 = 0: no more polling.
    await wait(60_000)
    expect(fetcher).toHaveBeenCalledTimes(3)
    expect(screen.getByTestId('n').textContent).toBe('3')
  })
})

describe('isPaused', () => {
  it('while it says so: no fetch on mount, on mutate() or on an interval, and nothing loading', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let paused = true
    let revalidate: Mutate<string> = async () => undefined
    const options = { isPaused: () => paused, refreshInterval: 100 }
    const view = render(
      wrap(<Probe id="k" fetcher={fetcher} options={options} onMutate={(m) => (revalidate = m)} />),
    )
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
    await settle(() => revalidate())
    await wait(1000)
    expect(fetcher).not.toHaveBeenCalled()

    paused = false
    await settle(() => revalidate())
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => calls[0]!.resolve('v1'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v1')
    view.unmount()
  })

  it('a failure that arrives while paused shows no error and schedules no retry', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let paused = false
    const onError = vi.fn()
    render(wrap(<Probe id="k" fetcher={fetcher} options={{ isPaused: () => paused, onError }} />))
    paused = true // e.g. the app went offline while the fetch ran
    await settle(() => calls[0]!.reject(new Error('offline')))
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
    expect(onError).not.toHaveBeenCalled()
    await wait(60_000)
    expect(fetcher).toHaveBeenCalledTimes(1)
  })
})

describe('compare', () => {
  it('an answer it finds equal keeps the shown data, the same object: no re-render for data', async () => {
    const { fetcher, calls } = controlledFetcher<Versioned>()
    const { wrap } = withInstance()
    const seen: unknown[] = []
    let revalidate: () => Promise<unknown> = async () => undefined
    render(wrap(<Doc fetcher={fetcher} seen={seen} onMutate={(m) => (revalidate = m)} />))
    const first = { version: 1, at: 1 }
    await settle(() => calls[0]!.resolve(first))
    await settle(() => revalidate())
    await settle(() => calls[1]!.resolve({ version: 1, at: 2 }))
    expect(seen).toEqual([first])
    expect(seen[0]).toBe(first)
    await settle(() => revalidate())
    await settle(() => calls[2]!.resolve({ version: 2, at: 3 }))
    expect(seen).toEqual([first, { version: 2, at: 3 }])
  })
})

describe("mutate's revalidate as a function", () => {
  it('decides from the new data and the key whether to fetch again', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let set: Mutate<string> = async () => undefined
    render(wrap(<Probe id="k" fetcher={fetcher} onMutate={(m) => (set = m)} />))
    await settle(() => calls[0]!.resolve('v1'))
    const revalidate = vi.fn((data?: string) => data === 'stale')
    await settle(() => set('fresh', { revalidate }))
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => set('stale', { revalidate }))
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(revalidate.mock.calls).toEqual([
      ['fresh', 'k'],
      ['stale', 'k'],
    ])
  })
})

describe('options that change between renders', () => {
  it('the latest isPaused is read: a component that unpauses fetches on its next trigger', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let unpause = () => {}
    render(wrap(<Gate fetcher={fetcher} onUnpause={(u) => (unpause = u)} />))
    await wait(200)
    expect(fetcher).not.toHaveBeenCalled()
    await settle(() => unpause())
    await wait(50)
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => calls[0]!.resolve('x'))
  })
})
