// dedupingInterval (issue 22.1): a component that mounts on a key that has
// just answered, or whose other components show an error, neither fetches
// nor flips `isValidating` for the others, as SWR's dedupingInterval. Trees
// that mount a component of the key once it has loaded do not loop.
import { act, render, screen } from '@testing-library/react'
import { Profiler, useState } from 'react'
import { type UseSharedCallOptions, useSharedCall } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import {
  controlledFetcher,
  Probe,
  passFrame,
  pastDeduping,
  settle,
  useFakeClock,
  withInstance,
} from './harness'

/** Renders of each named component, counted in render. */
const renders = new Map<string, number>()
const count = (name: string) => renders.set(name, (renders.get(name) ?? 0) + 1)

interface KeyProps {
  fetcher: (signal: AbortSignal) => Promise<string>
  options?: UseSharedCallOptions<string>
}

/** SWR's nested case: shows a child of the same key once the key is not validating. */
function NestedParent({ fetcher, options }: KeyProps) {
  count('parent')
  const { data, isValidating } = useSharedCall('k', fetcher, options)
  if (isValidating) return <p>loading</p>
  return (
    <>
      <p data-testid="parent">{data}</p>
      <NestedChild fetcher={fetcher} options={options} />
    </>
  )
}

function NestedChild({ fetcher, options }: KeyProps) {
  return <p data-testid="child">{useSharedCall('k', fetcher, options).data}</p>
}

/** SWR's cache-value case: its child is a new component type on each render, so it mounts anew each time. */
function RemountingPage({ fetcher }: KeyProps) {
  count('page')
  const { data } = useSharedCall('k', fetcher)
  // biome-ignore lint/correctness/noComponentHookFactories: a new component type on each render is the case under test
  const Shown = () => {
    const { data: result, isLoading, isValidating } = useSharedCall('k', fetcher)
    return <p data-testid="shown">{`${result ?? 'null'},${isLoading},${isValidating}`}</p>
  }
  return (
    <>
      <p>{data}</p>
      <Shown />
    </>
  )
}

/** SWR's active-error case: mounts a second component of the key once the key has an error. */
function ErrorApp({ fetcher, field }: KeyProps & { field: 'isLoading' | 'isValidating' }) {
  const options = { shouldRetryOnError: false }
  const result = useSharedCall('k', fetcher, options)
  if (result[field]) return <p data-testid="app">{field}</p>
  return (
    <>
      <p data-testid="app">{`${result.error?.message},${result[field]}`}</p>
      <Probe name="second" id="k" fetcher={fetcher} options={options} />
    </>
  )
}

let toggle: () => void
/** Shows a component of the key, or nothing: `toggle` switches. */
function Toggled({ fetcher }: KeyProps) {
  const [shown, setShown] = useState(true)
  toggle = () => setShown((s) => !s)
  return shown ? <Probe id="k" fetcher={fetcher} /> : null
}

describe('a component that mounts on a key that has just answered', () => {
  it('takes the answer: no fetch, and no isValidating flip for the components already there', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const first = <Probe name="a" id="k" fetcher={fetcher} />
    const view = render(wrap(first))
    await settle(() => calls[0]!.resolve('v1'))
    await act(() => vi.advanceTimersByTime(1999)) // within the default 2 s

    view.rerender(
      wrap(
        <>
          {first}
          <Probe name="b" id="k" fetcher={fetcher} />
        </>,
      ),
    )
    expect(screen.getByTestId('b').textContent).toBe('b: data=v1')
    await passFrame()
    expect(fetcher).toHaveBeenCalledOnce()
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 0 })
    expect(screen.getByTestId('a').textContent).toBe('a: data=v1')
    expect(screen.getByTestId('b').textContent).toBe('b: data=v1')
  })

  it('fetches again once dedupingInterval has passed since the answer (its own, here 500 ms)', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { dedupingInterval: 500 }
    const first = <Probe name="a" id="k" fetcher={fetcher} options={options} />
    const view = render(wrap(first))
    // A slow answer: the interval counts from the answer, not from the fetch.
    await act(() => vi.advanceTimersByTime(3000))
    await settle(() => calls[0]!.resolve('v1'))
    await act(() => vi.advanceTimersByTime(500))
    view.rerender(
      wrap(
        <>
          {first}
          <Probe name="b" id="k" fetcher={fetcher} options={options} />
        </>,
      ),
    )
    await passFrame()
    expect(fetcher).toHaveBeenCalledOnce()

    await act(() => vi.advanceTimersByTime(1))
    view.rerender(
      wrap(
        <>
          {first}
          <Probe name="b" id="k" fetcher={fetcher} options={options} />
          <Probe name="c" id="k" fetcher={fetcher} options={options} />
        </>,
      ),
    )
    await passFrame()
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(screen.getByTestId('a').textContent).toBe('a: data=v1 validating')
  })

  it('dedupingInterval: 0 fetches on every mount but one in the very millisecond of the answer', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { dedupingInterval: 0 }
    const view = render(wrap(<Probe name="a" id="k" fetcher={fetcher} options={options} />))
    await settle(() => calls[0]!.resolve('v1'))
    const both = (
      <>
        <Probe name="a" id="k" fetcher={fetcher} options={options} />
        <Probe name="b" id="k" fetcher={fetcher} options={options} />
      </>
    )
    view.rerender(wrap(both))
    await passFrame()
    expect(fetcher).toHaveBeenCalledOnce()
    await act(() => vi.advanceTimersByTime(1))
    view.rerender(
      wrap(
        <>
          {both}
          <Probe name="c" id="k" fetcher={fetcher} options={options} />
        </>,
      ),
    )
    await passFrame()
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('mutate() is not held back by it', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let mutate: (() => Promise<unknown>) | undefined
    render(wrap(<Probe id="k" fetcher={fetcher} onMutate={(m) => (mutate = m)} />))
    await settle(() => calls[0]!.resolve('v1'))
    await settle(() => mutate!())
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('a key whose data was cleared (mutate to undefined) loads again on mount', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let mutate: ((data: undefined, options: false) => Promise<unknown>) | undefined
    const first = <Probe name="a" id="k" fetcher={fetcher} onMutate={(m) => (mutate = m)} />
    const view = render(wrap(first))
    await settle(() => calls[0]!.resolve('v1'))
    await settle(() => mutate!(undefined, false))
    view.rerender(
      wrap(
        <>
          {first}
          <Probe name="b" id="k" fetcher={fetcher} />
        </>,
      ),
    )
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(screen.getByTestId('b').textContent).toBe('b: loading')
  })
})

describe('trees that mount components of a key as it loads (SWR’s own cases)', () => {
  it('a parent that shows its child once the key is not validating loads once and renders twice', async () => {
    // SWR use-swr-integration "Nested SWR hook should only do loading once".
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let commits = 0
    render(
      wrap(
        <Profiler id="nested" onRender={() => commits++}>
          <NestedParent fetcher={fetcher} />
        </Profiler>,
      ),
    )
    await settle(() => calls[0]!.resolve('v1'))
    await passFrame()
    await act(() => vi.advanceTimersByTime(5000))
    expect(screen.getByTestId('child').textContent).toBe('v1')
    expect(fetcher).toHaveBeenCalledOnce()
    expect(commits).toBe(2)
  })

  it('a component remounted on every render of its parent settles with one fetch', async () => {
    // SWR use-swr-loading "isLoading and isValidating should always respect cache value".
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    renders.clear()
    render(wrap(<RemountingPage fetcher={fetcher} />))
    expect(screen.getByTestId('shown').textContent).toBe('null,true,true')
    await settle(() => calls[0]!.resolve('result'))
    await passFrame()
    await act(() => vi.advanceTimersByTime(5000))
    expect(screen.getByTestId('shown').textContent).toBe('result,false,false')
    expect(fetcher).toHaveBeenCalledOnce()
    expect(renders.get('page')).toBe(2)
  })

  it.each(['isLoading', 'isValidating'] as const)(
    'a key with an error: a component that mounts on it does not fetch, and %s stays false',
    async (field) => {
      // SWR use-swr-error "should not trigger revalidation when a key is
      // already active and has error".
      useFakeClock()
      const { fetcher, calls } = controlledFetcher()
      const { wrap } = withInstance()
      render(wrap(<ErrorApp fetcher={fetcher} field={field} />))
      expect(screen.getByTestId('app').textContent).toBe(field)
      await settle(() => calls[0]!.reject(new Error('error!')))
      await passFrame()
      expect(screen.getByTestId('app').textContent).toBe('error!,false')
      expect(fetcher).toHaveBeenCalledOnce()
    },
  )

  it('the same tree with shareFor: 2000 and dedupingInterval: 0 does not loop either', async () => {
    // Joining a result the core keeps for shareFor settles at once: with a
    // mount that fetched and flipped isValidating each time, this looped.
    useFakeClock()
    const { wrap } = withInstance()
    const fetcher = vi.fn(async () => 'v1')
    const options = { shareFor: 2000, dedupingInterval: 0 }
    renders.clear()
    // The fetcher answers at once: settle lets every promise it starts run.
    await settle(() => render(wrap(<NestedParent fetcher={fetcher} options={options} />)))
    for (let i = 0; i < 5; i++) await settle(() => vi.advanceTimersByTime(16))
    expect(screen.getByTestId('child').textContent).toBe('v1')
    expect(fetcher).toHaveBeenCalledOnce()
    expect(renders.get('parent')).toBeLessThanOrEqual(3)
  })
})

describe('a toggled component (SWR: mount and unmount within the interval)', () => {
  it('shows the data again without a fetch when it comes back within dedupingInterval', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Toggled fetcher={fetcher} />))
    await settle(() => calls[0]!.resolve('v1'))
    await act(() => toggle())
    await act(() => vi.advanceTimersByTime(100))
    await act(() => toggle())
    await passFrame()
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v1')
    expect(fetcher).toHaveBeenCalledOnce()

    await act(() => toggle())
    await pastDeduping()
    await act(() => toggle())
    await passFrame()
    expect(fetcher).toHaveBeenCalledTimes(2)
  })
})
