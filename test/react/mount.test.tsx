// What a mount fetches (issue 22.3): revalidateOnMount applies to a
// component's first key only; fallbackData counts as data for
// revalidateIfStale: false; with data already shown, the mount's fetch
// waits a tick (SWR's waits a frame), once for every component of the key.
import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import {
  controlledFetcher,
  Probe,
  passFrame,
  passGraceTick,
  pastDeduping,
  settle,
  useFakeClock,
  withInstance,
} from './harness'

describe('revalidateOnMount', () => {
  it('false holds back the first key only: after a key change, the new key loads', async () => {
    // SWR use-swr-integration "should call fetch function when revalidateOnMount is false and key has been changed".
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { revalidateOnMount: false }
    const view = render(wrap(<Probe id="a" fetcher={fetcher} options={options} />))
    await settle(() => {})
    expect(fetcher).not.toHaveBeenCalled()
    expect(screen.getByTestId('probe').textContent).toBe('probe:')

    view.rerender(wrap(<Probe id="b" fetcher={fetcher} options={options} />))
    expect(fetcher).toHaveBeenCalledOnce()
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
    await settle(() => calls[0]!.resolve('B'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=B')
  })

  it('a null key first does not count: the first real key is the first key', async () => {
    useFakeClock()
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { revalidateOnMount: false }
    const view = render(wrap(<Probe id={null} fetcher={fetcher} options={options} />))
    view.rerender(wrap(<Probe id="a" fetcher={fetcher} options={options} />))
    await settle(() => {})
    expect(fetcher).not.toHaveBeenCalled()
  })
})

describe('revalidateIfStale: false with fallbackData', () => {
  it('counts fallbackData as data: no fetch, not loading, not validating', async () => {
    // SWR use-swr-integration "initial loading state should be false when
    // revalidation is disabled with fallbackData".
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    render(
      wrap(
        <Probe
          id="k"
          fetcher={fetcher}
          options={{ revalidateIfStale: false, fallbackData: 'fallback' }}
        />,
      ),
    )
    await settle(() => {})
    expect(fetcher).not.toHaveBeenCalled()
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=fallback')
  })

  it('without fallbackData, a key with no data still loads', () => {
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Probe id="k" fetcher={fetcher} options={{ revalidateIfStale: false }} />))
    expect(fetcher).toHaveBeenCalledOnce()
  })
})

describe('with data already shown, the mount fetches a tick later', () => {
  it('renders and commits the kept data first; then one fetch for every component of the key', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const first = render(wrap(<Probe name="a" id="k" fetcher={fetcher} />))
    await settle(() => calls[0]!.resolve('v1'))
    first.unmount()
    await pastDeduping()

    render(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} />
          <Probe name="b" id="k" fetcher={fetcher} />
        </>,
      ),
    )
    // Mounted, effects run: nothing fetched yet, nothing validating.
    expect(fetcher).toHaveBeenCalledOnce()
    expect(screen.getByTestId('a').textContent).toBe('a: data=v1')
    await passFrame()
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 1 })
    expect(screen.getByTestId('b').textContent).toBe('b: data=v1 validating')
  })

  it('a component that has gone by then fetches nothing', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const first = render(wrap(<Probe id="k" fetcher={fetcher} />))
    await settle(() => calls[0]!.resolve('v1'))
    first.unmount()
    await pastDeduping()
    const second = render(wrap(<Probe id="k" fetcher={fetcher} />))
    second.unmount()
    await act(() => passGraceTick())
    await passFrame()
    expect(fetcher).toHaveBeenCalledOnce()
  })

  it('without data, the mount fetches at once (a loading state is already on screen)', () => {
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(fetcher).toHaveBeenCalledOnce()
  })
})
