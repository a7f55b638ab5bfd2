import { render, screen } from '@testing-library/react'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { storeOf } from '../../src/react/key-store'
import {
  controlledFetcher,
  Probe,
  passFrame,
  passGraceTick,
  pastDeduping,
  settle,
  useFakeClock,
  useFakeTimeouts,
  withInstance,
} from './harness'

describe('useSharedCall across mounts, unmounts and key changes', () => {
  it('under StrictMode, fetches once, never aborts, and counts one caller', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    render(
      <StrictMode>
        {wrap(
          <>
            <Probe name="a" id="k" fetcher={fetcher} />
            <Probe name="b" id="k" fetcher={fetcher} />
          </>,
        )}
      </StrictMode>,
    )
    passGraceTick()

    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(calls[0]!.signal.aborted).toBe(false)
    // The double mount takes its own call back: two components, two callers.
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 1 })
    await settle(() => calls[0]!.resolve('x'))
    expect(screen.getByTestId('b').textContent).toBe('b: data=x')
  })

  it('aborts the fetch only when the last component of the key has gone, a tick later', () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} />
          <Probe name="b" id="k" fetcher={fetcher} />
        </>,
      ),
    )
    const work = calls[0]!.signal

    view.rerender(wrap(<Probe name="a" id="k" fetcher={fetcher} />))
    passGraceTick()
    expect(work.aborted).toBe(false)

    view.unmount()
    expect(work.aborted).toBe(false) // the grace tick
    passGraceTick()
    expect(work.aborted).toBe(true)
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('the components of a key that unmount in one tick leave on one timer, not one each', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const list = (names: string[]) =>
      wrap(names.map((name) => <Probe key={name} name={name} id="k" fetcher={fetcher} />))
    const view = render(list(Array.from({ length: 100 }, (_, i) => `c${i}`)))
    await settle(() => calls[0]!.resolve('v1'))
    const timers = vi.getTimerCount()

    view.rerender(list(['c0'])) // 99 unmount at once
    expect(vi.getTimerCount() - timers).toBe(1)
    passGraceTick()
    expect(storeOf(shared).entries.get('k')!.members.size).toBe(1)
    expect(screen.getByTestId('c0').textContent).toBe('c0: data=v1')
  })

  it('joins the same fetch when a component remounts within the grace tick', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe key="first" id="k" fetcher={fetcher} />))
    // A new element key: React unmounts the old component and mounts a new one.
    view.rerender(wrap(<Probe key="second" id="k" fetcher={fetcher} />))
    passGraceTick()

    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(calls[0]!.signal.aborted).toBe(false)
    await settle(() => calls[0]!.resolve('x'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=x')
  })

  it('shows no error to the components that stay when one of them leaves the key', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(
      wrap(
        <>
          <Probe name="stays" id="k" fetcher={fetcher} />
          <Probe name="moves" id="k" fetcher={fetcher} />
        </>,
      ),
    )
    view.rerender(
      wrap(
        <>
          <Probe name="stays" id="k" fetcher={fetcher} />
          <Probe name="moves" id="elsewhere" fetcher={fetcher} />
        </>,
      ),
    )
    passGraceTick()
    await settle(() => {}) // lets the leaving caller's rejection arrive
    expect(screen.getByTestId('stays').textContent).toBe('stays: loading')
    await settle(() => calls[0]!.resolve('x'))
    expect(screen.getByTestId('stays').textContent).toBe('stays: data=x')
  })

  it('never shows a late answer for the old key after a key change', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id="old" fetcher={fetcher} />))
    view.rerender(wrap(<Probe id="new" fetcher={fetcher} />))
    expect(fetcher).toHaveBeenCalledTimes(2)
    const [old, current] = calls

    await settle(() => old!.resolve('OLD'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
    await settle(() => current!.resolve('NEW'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=NEW')
  })

  it('aborts the old key’s fetch when no component waits for it any more', () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id="old" fetcher={fetcher} />))
    view.rerender(wrap(<Probe id="new" fetcher={fetcher} />))
    passGraceTick()
    expect(calls[0]!.signal.aborted).toBe(true)
    expect(calls[1]!.signal.aborted).toBe(false)
  })

  it('joins the still-running fetch when the key switches away and back within a tick', () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id="a" fetcher={fetcher} />))
    view.rerender(wrap(<Probe id="b" fetcher={fetcher} />))
    view.rerender(wrap(<Probe id="a" fetcher={fetcher} />))
    passGraceTick()
    expect(fetcher).toHaveBeenCalledTimes(2) // a, b: "a" was joined again
    expect(calls[0]!.signal.aborted).toBe(false)
    expect(calls[1]!.signal.aborted).toBe(true)
  })

  it('shows a key’s data at once to a component that mounts later, and refetches from the next frame', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe name="a" id="k" fetcher={fetcher} />))
    await settle(() => calls[0]!.resolve('v1'))
    await pastDeduping()
    view.rerender(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} />
          <Probe name="b" id="k" fetcher={fetcher} />
        </>,
      ),
    )
    expect(screen.getByTestId('b').textContent).toBe('b: data=v1')
    expect(fetcher).toHaveBeenCalledOnce()
    await passFrame()
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(screen.getByTestId('b').textContent).toBe('b: data=v1 validating')
    expect(screen.getByTestId('a').textContent).toBe('a: data=v1 validating')
    await settle(() => calls[1]!.resolve('v2'))
    expect(screen.getByTestId('a').textContent).toBe('a: data=v2')
  })

  it('with gcTime: 0, forgets a key’s data once no component has shown it for a tick', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { gcTime: 0 }
    const first = render(wrap(<Probe id="k" fetcher={fetcher} options={options} />))
    await settle(() => calls[0]!.resolve('x'))
    first.unmount()
    passGraceTick()

    render(wrap(<Probe id="k" fetcher={fetcher} options={options} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
  })

  it('leaves nothing running in the core after every component unmounts', () => {
    useFakeTimeouts()
    const { fetcher } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`)
    const view = render(wrap(keys.map((k) => <Probe key={k} name={k} id={k} fetcher={fetcher} />)))
    expect(shared.getStats().active).toBe(100)
    view.unmount()
    passGraceTick()
    expect(shared.getStats().active).toBe(0)
  })

  it('under StrictMode, a remount on kept data and a focus each fetch once', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const page = () => (
      <StrictMode>
        {wrap(
          ['a', 'b', 'c'].map((name) => <Probe key={name} name={name} id="k" fetcher={fetcher} />),
        )}
      </StrictMode>
    )
    const first = render(page())
    await settle(() => calls[0]!.resolve('v1'))
    first.unmount()
    await pastDeduping()

    render(page())
    passGraceTick()
    await passFrame()
    expect(screen.getByTestId('a').textContent).toBe('a: data=v1 validating')
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(calls[1]!.signal.aborted).toBe(false)
    await settle(() => calls[1]!.resolve('v2'))
    vi.advanceTimersByTime(5000) // the focus throttle, from the last fetch
    await settle(() => window.dispatchEvent(new Event('focus')))
    expect(fetcher).toHaveBeenCalledTimes(3)
    expect(shared.getStats()).toMatchObject({ misses: 3, hits: 6 })
  })
})
