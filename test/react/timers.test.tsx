// Timers and errors (issues 22.5 and 22.6): a changed refreshInterval takes
// effect at once; a failed preload is not shown as the key's error;
// errorRetryInterval: 0 retries at once.
import { act, render, screen } from '@testing-library/react'
import { preload } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { controlledFetcher, Probe, settle, useFakeClock, withInstance } from './harness'

describe('a changed refreshInterval takes effect at once', () => {
  const mountPolling = async (refreshInterval: number) => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const page = (every: number) =>
      // dedupingInterval: 0, so that a tick soon after an answer fetches (see revalidate.test.tsx).
      wrap(
        <Probe
          id="k"
          fetcher={fetcher}
          options={{ refreshInterval: every, dedupingInterval: 0 }}
        />,
      )
    const view = render(page(refreshInterval))
    await settle(() => calls[0]!.resolve('v1'))
    return { fetcher, calls, change: (every: number) => view.rerender(page(every)) }
  }

  it('to 0: the tick already armed never fetches', async () => {
    const { fetcher, change } = await mountPolling(1000)
    await act(() => vi.advanceTimersByTime(500))
    change(0)
    await act(() => vi.advanceTimersByTime(5000))
    expect(fetcher).toHaveBeenCalledOnce()
  })

  it('to a longer one: the next fetch comes that much later, not at the old tick', async () => {
    const { fetcher, change } = await mountPolling(1000)
    await act(() => vi.advanceTimersByTime(500))
    change(5000)
    await act(() => vi.advanceTimersByTime(4999))
    expect(fetcher).toHaveBeenCalledOnce()
    await act(() => vi.advanceTimersByTime(1))
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('to a shorter one: at once too', async () => {
    const { fetcher, change } = await mountPolling(5000)
    change(100)
    await act(() => vi.advanceTimersByTime(100))
    expect(fetcher).toHaveBeenCalledTimes(2)
  })
})

describe('a failed preload', () => {
  it('is not shown as the key’s error: the component that mounts later loads it afresh', async () => {
    // SWR use-swr-preload "reset the preload result when the preload function gets an error".
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const preloaded = preload(shared, 'k', fetcher)
    await settle(() => calls[0]!.reject(new Error('err')))
    await expect(preloaded).rejects.toThrow('err')

    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve('foo'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=foo')
  })

  it('is shown to a component already on the key, which waited for it', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const preloaded = preload(shared, 'k', fetcher)
    preloaded.catch(() => {})
    render(wrap(<Probe id="k" fetcher={fetcher} options={{ shouldRetryOnError: false }} />))
    expect(fetcher).toHaveBeenCalledOnce() // it joined the preload
    await settle(() => calls[0]!.reject(new Error('err')))
    expect(screen.getByTestId('probe').textContent).toBe('probe: error=Error: err')
  })
})

describe('errorRetryInterval: 0', () => {
  it('is valid, and retries at once', async () => {
    // SWR use-swr-error "should not clear error during revalidating until fetcher is finished successfully".
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Probe id="k" fetcher={fetcher} options={{ errorRetryInterval: 0 }} />))
    await settle(() => calls[0]!.reject(new Error('down')))
    await act(() => vi.advanceTimersByTime(0))
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading error=Error: down')
    await settle(() => calls[1]!.resolve('up'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=up')
  })
})
