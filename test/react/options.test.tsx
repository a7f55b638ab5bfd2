import { act, render, screen } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import type { Mutate } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import {
  controlledFetcher,
  Probe,
  passFrame,
  passGraceTick,
  settle,
  useFakeClock,
  useFakeTimeouts,
  withInstance,
} from './harness'

describe('enabled', () => {
  it('enabled: false fetches nothing and is not loading, like a null key', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const view = render(wrap(<Probe id="k" fetcher={fetcher} options={{ enabled: false }} />))
    expect(fetcher).not.toHaveBeenCalled()
    expect(shared.getStats().misses).toBe(0)
    expect(screen.getByTestId('probe').textContent).toBe('probe:')

    view.rerender(wrap(<Probe id="k" fetcher={fetcher} options={{ enabled: true }} />))
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
    await settle(() => calls[0]!.resolve('x'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=x')
  })

  it('disabling a key leaves its fetch, which aborts once nobody waits', () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id="k" fetcher={fetcher} />))
    view.rerender(wrap(<Probe id="k" fetcher={fetcher} options={{ enabled: false }} />))
    passGraceTick()
    expect(calls[0]!.signal.aborted).toBe(true)
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
  })
})

describe('onSuccess and onError', () => {
  it('calls onSuccess once per answer of the key, however many components it has', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const onA = vi.fn()
    const onB = vi.fn()
    render(
      wrap(
        <>
          <Probe name="c" id="k" fetcher={fetcher} />
          <Probe name="a" id="k" fetcher={fetcher} options={{ onSuccess: onA }} />
          <Probe name="b" id="k" fetcher={fetcher} options={{ onSuccess: onB }} />
        </>,
      ),
    )
    await settle(() => calls[0]!.resolve('x'))
    // The first component that has one: "c" has none, so it does not swallow the event.
    expect(onA.mock.calls).toEqual([['x', 'k', expect.objectContaining({ onSuccess: onA })]])
    expect(onB).not.toHaveBeenCalled()
    expect(fetcher).toHaveBeenCalledTimes(1)
    // A re-render with a new inline callback is no new answer.
    await settle(() => {})
    expect(onA).toHaveBeenCalledTimes(1)
  })

  it('calls onError once per failure of the key, and not onSuccess', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const onSuccess = vi.fn()
    const onError = vi.fn()
    render(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} options={{ onSuccess, onError }} />
          <Probe name="b" id="k" fetcher={fetcher} options={{ onSuccess, onError }} />
        </>,
      ),
    )
    const down = new Error('down')
    await settle(() => calls[0]!.reject(down))
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledWith(down, 'k', expect.objectContaining({ onError }))
    expect(onSuccess).not.toHaveBeenCalled()
  })

  it('calls the callback of the latest render, not of the one that started the fetch', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const first = vi.fn()
    const second = vi.fn()
    const view = render(wrap(<Probe id="k" fetcher={fetcher} options={{ onSuccess: first }} />))
    view.rerender(wrap(<Probe id="k" fetcher={fetcher} options={{ onSuccess: second }} />))
    await settle(() => calls[0]!.resolve('x'))
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledOnce()
  })

  it('calls once per answer: again after mutate(), never for mutate(data)', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const onSuccess = vi.fn()
    let mutate: Mutate<string> = async () => undefined
    render(
      wrap(
        <Probe id="k" fetcher={fetcher} options={{ onSuccess }} onMutate={(m) => (mutate = m)} />,
      ),
    )
    await settle(() => calls[0]!.resolve('v1'))
    await settle(() => mutate())
    await settle(() => calls[1]!.resolve('v2'))
    await settle(() => mutate('local'))
    expect(onSuccess.mock.calls.map(([data]) => data)).toEqual(['v1', 'v2'])
  })

  it('is not called for an answer that is dropped: after mutate(data), or a key left', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const onSuccess = vi.fn()
    let mutate: Mutate<string> = async () => undefined
    const view = render(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} options={{ onSuccess }} />
          <Probe
            name="b"
            id="j"
            fetcher={fetcher}
            options={{ onSuccess }}
            onMutate={(m) => (mutate = m)}
          />
        </>,
      ),
    )
    await settle(() => mutate('local', false))
    // "a" moves to another key; the old key's answer arrives within the grace tick.
    view.rerender(
      wrap(
        <>
          <Probe name="a" id="other" fetcher={fetcher} options={{ onSuccess }} />
          <Probe name="b" id="j" fetcher={fetcher} options={{ onSuccess }} />
        </>,
      ),
    )
    await settle(() => calls[0]!.resolve('late k'))
    await settle(() => calls[1]!.resolve('older j'))
    expect(onSuccess).not.toHaveBeenCalled()
    expect(screen.getByTestId('b').textContent).toBe('b: data=local')
    passGraceTick()
  })

  it('under StrictMode, still once per component', async () => {
    const { StrictMode } = await import('react')
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const onSuccess = vi.fn()
    render(
      <StrictMode>{wrap(<Probe id="k" fetcher={fetcher} options={{ onSuccess }} />)}</StrictMode>,
    )
    await settle(() => calls[0]!.resolve('x'))
    expect(onSuccess).toHaveBeenCalledOnce()
  })
})

describe('keepPreviousData', () => {
  it('shows the old key’s data while the new key loads, then the new data', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { keepPreviousData: true }
    const view = render(wrap(<Probe id="a" fetcher={fetcher} options={options} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
    await settle(() => calls[0]!.resolve('A'))

    view.rerender(wrap(<Probe id="b" fetcher={fetcher} options={options} />))
    // Data to show, so no placeholder: validating, not loading.
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=A validating')
    await settle(() => calls[1]!.resolve('B'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=B')
  })

  it('without it, a key change shows the loading state', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id="a" fetcher={fetcher} />))
    await settle(() => calls[0]!.resolve('A'))
    view.rerender(wrap(<Probe id="b" fetcher={fetcher} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
  })

  it('stops showing the old data when the new key fails', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { keepPreviousData: true }
    const view = render(wrap(<Probe id="a" fetcher={fetcher} options={options} />))
    await settle(() => calls[0]!.resolve('A'))
    view.rerender(wrap(<Probe id="b" fetcher={fetcher} options={options} />))
    await settle(() => calls[1]!.reject(new Error('down')))
    expect(screen.getByTestId('probe').textContent).toBe('probe: error=Error: down')
  })

  it('keeps the data of its own component only', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { keepPreviousData: true }
    const view = render(wrap(<Probe name="a" id="a" fetcher={fetcher} options={options} />))
    await settle(() => calls[0]!.resolve('A'))
    view.rerender(
      wrap(
        <>
          <Probe name="a" id="b" fetcher={fetcher} options={options} />
          <Probe name="fresh" id="b" fetcher={fetcher} options={options} />
        </>,
      ),
    )
    expect(screen.getByTestId('a').textContent).toBe('a: data=A validating')
    expect(screen.getByTestId('fresh').textContent).toBe('fresh: loading')
  })
})

describe('fallbackData', () => {
  it('is shown before the first answer, then replaced by it', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Probe id="k" fetcher={fetcher} options={{ fallbackData: 'fb' }} />))
    expect(fetcher).toHaveBeenCalledOnce()
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=fb validating')
    await settle(() => calls[0]!.resolve('x'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=x')
  })

  it('is what renderToString returns, with no fetch', () => {
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    const html = renderToString(
      wrap(<Probe id="k" fetcher={fetcher} options={{ fallbackData: 'fb' }} />),
    )
    expect(html).toContain('probe: data=fb validating')
    expect(fetcher).not.toHaveBeenCalled()
  })

  it('is shown for a null key too', () => {
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Probe id={null} fetcher={fetcher} options={{ fallbackData: 'fb' }} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=fb')
  })

  it('treats null as an answer, not as missing data', async () => {
    const { fetcher, calls } = controlledFetcher<string | null>()
    const { wrap } = withInstance()
    render(
      wrap(
        <Probe
          id="k"
          fetcher={fetcher as (signal: AbortSignal) => Promise<string>}
          options={{ fallbackData: 'fb' }}
        />,
      ),
    )
    await settle(() => calls[0]!.resolve(null))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=null')
  })
})

describe('shareFor and timeout pass through to the core', () => {
  // dedupingInterval: 0 and a clock moved by 1 ms, so that the mount fetches
  // and only shareFor decides whether the core starts work.
  it('shareFor: a component that mounts within it takes the answer without a fetch', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const options = { shareFor: 1000, dedupingInterval: 0 }
    const view = render(wrap(<Probe name="a" id="k" fetcher={fetcher} options={options} />))
    await settle(() => calls[0]!.resolve('x'))
    await act(() => vi.advanceTimersByTime(1))
    const both = (
      <>
        <Probe name="a" id="k" fetcher={fetcher} options={options} />
        <Probe name="b" id="k" fetcher={fetcher} options={options} />
      </>
    )
    view.rerender(wrap(both))
    await passFrame()
    await settle(() => {})
    expect(fetcher).toHaveBeenCalledOnce()
    expect(screen.getByTestId('b').textContent).toBe('b: data=x')
    // Both components joined the mount's revalidation, which took the kept answer.
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 2 })

    // Once it has run out, a new component starts a new fetch.
    await settle(() => vi.advanceTimersByTime(1000))
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

  it('without shareFor, that component fetches again', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(
      wrap(<Probe name="a" id="k" fetcher={fetcher} options={{ dedupingInterval: 0 }} />),
    )
    await settle(() => calls[0]!.resolve('x'))
    await act(() => vi.advanceTimersByTime(1))
    view.rerender(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} options={{ dedupingInterval: 0 }} />
          <Probe name="b" id="k" fetcher={fetcher} options={{ dedupingInterval: 0 }} />
        </>,
      ),
    )
    await passFrame()
    expect(fetcher).toHaveBeenCalledTimes(2)
  })
})
