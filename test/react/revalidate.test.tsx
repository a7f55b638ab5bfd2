// Revalidation triggers: focus, visibility, reconnect, refreshInterval. Each
// fetches a key once for all its components, from one listener per instance.
import { act, render, screen } from '@testing-library/react'
import { SharedCall } from 'shared-call'
import type { Mutate } from 'shared-call/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  controlledFetcher,
  Probe,
  passGraceTick,
  settle,
  useFakeTimeouts,
  withInstance,
} from './harness'

/** Fake `setTimeout` and `Date`, so throttles and intervals move with the test's clock. */
const useFakeClock = () =>
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 })

let hidden = false
Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') })
afterEach(() => {
  hidden = false
})

const focus = () => act(() => void window.dispatchEvent(new Event('focus')))
/** Lets the default focusThrottleInterval pass since the last answer. */
const pastThrottle = () => act(() => vi.advanceTimersByTime(5000))
const online = () => act(() => void window.dispatchEvent(new Event('online')))
const showPage = (shown: boolean) =>
  act(() => {
    hidden = !shown
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
  })

/** `n` components of key `k`, after their first fetch answered `v1`. */
const mountLoaded = async (n: number, options = {}, shared = new SharedCall()) => {
  const { fetcher, calls } = controlledFetcher()
  const { wrap } = withInstance(shared)
  const names = Array.from({ length: n }, (_, i) => `c${i}`)
  const view = render(
    wrap(
      names.map((name) => (
        <Probe key={name} name={name} id="k" fetcher={fetcher} options={options} />
      )),
    ),
  )
  await settle(() => calls[0]!.resolve('v1'))
  fetcher.mockClear()
  calls.length = 0
  return { fetcher, calls, shared, view, names }
}

/** How many listeners for `type` were added to `window`, less those removed, from now on. */
const countListeners = () => {
  const added = vi.spyOn(window, 'addEventListener')
  const removed = vi.spyOn(window, 'removeEventListener')
  // The spies may exist from an earlier test: count only what comes after.
  const [addedBefore, removedBefore] = [added.mock.calls.length, removed.mock.calls.length]
  const count = (calls: unknown[][], type: string) => calls.filter(([t]) => t === type).length
  return (type: string) =>
    count(added.mock.calls.slice(addedBefore), type) -
    count(removed.mock.calls.slice(removedBefore), type)
}

describe('revalidateOnFocus', () => {
  it('focus with 1000 components of one key: one fetch, one listener, each component a caller', async () => {
    useFakeClock()
    const listeners = countListeners()
    const { fetcher, calls, shared, view } = await mountLoaded(1000)
    expect(listeners('focus')).toBe(1)
    expect(listeners('visibilitychange')).toBe(1)
    expect(listeners('online')).toBe(1)
    const before = shared.getStats()
    await pastThrottle()

    await focus()
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(shared.getStats().misses - before.misses).toBe(1)
    expect(shared.getStats().hits - before.hits).toBe(999)
    expect(screen.getByTestId('c999').textContent).toBe('c999: data=v1 validating')
    await settle(() => calls[0]!.resolve('v2'))
    expect(screen.getByTestId('c0').textContent).toBe('c0: data=v2')

    view.unmount()
    passGraceTick()
    expect(listeners('focus')).toBe(0)
    expect(listeners('online')).toBe(0)
  })

  it('one listener per instance: two providers, two listeners, each fetches its own keys once', async () => {
    useFakeClock()
    const listeners = countListeners()
    const one = await mountLoaded(10)
    const two = await mountLoaded(10)
    expect(listeners('focus')).toBe(2)
    await pastThrottle()
    await focus()
    expect(one.fetcher).toHaveBeenCalledTimes(1)
    expect(two.fetcher).toHaveBeenCalledTimes(1)
  })

  it('is throttled per key by focusThrottleInterval (5 s by default), from the last answer', async () => {
    useFakeClock()
    const { fetcher, calls } = await mountLoaded(3)
    await pastThrottle()
    await focus()
    await settle(() => calls[0]!.resolve('v2'))
    await focus()
    expect(fetcher).toHaveBeenCalledTimes(1)
    await act(() => vi.advanceTimersByTime(4999))
    await focus()
    expect(fetcher).toHaveBeenCalledTimes(1)
    await act(() => vi.advanceTimersByTime(1))
    await focus()
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('takes its own focusThrottleInterval', async () => {
    useFakeClock()
    const { fetcher, calls } = await mountLoaded(1, {
      focusThrottleInterval: 100,
      dedupingInterval: 0,
    })
    await act(() => vi.advanceTimersByTime(100))
    await focus()
    await settle(() => calls[0]!.resolve('v2'))
    await act(() => vi.advanceTimersByTime(100))
    await focus()
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('does not fetch again while a fetch of the key runs', async () => {
    useFakeClock()
    const { fetcher } = await mountLoaded(3, { focusThrottleInterval: 0, dedupingInterval: 0 })
    await focus()
    await focus()
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('revalidateOnFocus: false turns it off; the key still fetches if one component wants it', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const off = { revalidateOnFocus: false }
    const view = render(wrap(<Probe name="a" id="k" fetcher={fetcher} options={off} />))
    await settle(() => calls[0]!.resolve('v1'))
    await pastThrottle()
    await focus()
    expect(fetcher).toHaveBeenCalledTimes(1)

    view.rerender(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} options={off} />
          <Probe name="b" id="j" fetcher={fetcher} options={off} />
          <Probe name="c" id="j" fetcher={fetcher} />
        </>,
      ),
    )
    await settle(() => calls[1]!.resolve('w1'))
    await pastThrottle()
    await focus()
    expect(fetcher).toHaveBeenCalledTimes(3) // "j", for the component that wants it; not "k"
    expect(calls[2]!.signal).toBeDefined()
    expect(screen.getByTestId('b').textContent).toBe('b: data=w1 validating')
    expect(screen.getByTestId('a').textContent).toBe('a: data=v1')
  })

  it('fetches when the page becomes visible, not when it is hidden', async () => {
    useFakeClock()
    const { fetcher } = await mountLoaded(5)
    await pastThrottle()
    await showPage(false)
    await focus() // a focus event while hidden does nothing either
    expect(fetcher).not.toHaveBeenCalled()
    await showPage(true)
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('keeps per-caller cancellation: the focus fetch aborts when every component has gone', async () => {
    useFakeClock()
    const { calls, view } = await mountLoaded(3)
    await pastThrottle()
    await focus()
    view.unmount()
    expect(calls[0]!.signal.aborted).toBe(false) // the grace tick
    passGraceTick()
    expect(calls[0]!.signal.aborted).toBe(true)
  })

  it('leaves kept keys alone: a key no component shows is not fetched', async () => {
    useFakeClock()
    const { fetcher, view } = await mountLoaded(3)
    view.unmount()
    passGraceTick()
    await pastThrottle()
    await focus()
    expect(fetcher).not.toHaveBeenCalled()
  })
})

describe('revalidateOnReconnect', () => {
  it('going online fetches each key once, for all its components', async () => {
    useFakeClock()
    const { fetcher, shared } = await mountLoaded(100)
    await act(() => vi.advanceTimersByTime(2000)) // past dedupingInterval
    const before = shared.getStats()
    await online()
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(shared.getStats().hits - before.hits).toBe(99)
  })

  it('revalidateOnReconnect: false turns it off', async () => {
    useFakeClock()
    const { fetcher } = await mountLoaded(3, { revalidateOnReconnect: false })
    await online()
    expect(fetcher).not.toHaveBeenCalled()
  })
})

describe('refreshInterval', () => {
  it('fetches once per interval for 100 components of the key', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = await mountLoaded(100, {
      refreshInterval: 1000,
      dedupingInterval: 0,
    })
    await act(() => vi.advanceTimersByTime(999))
    expect(fetcher).not.toHaveBeenCalled()
    await act(() => vi.advanceTimersByTime(1))
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => calls[0]!.resolve('v2'))
    await act(() => vi.advanceTimersByTime(1000))
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(screen.getByTestId('c99').textContent).toBe('c99: data=v2 validating')
  })

  it('follows the smallest interval its components ask for; 0 is off', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} options={{ refreshInterval: 5000 }} />
          <Probe name="b" id="k" fetcher={fetcher} options={{ refreshInterval: 0 }} />
          <Probe
            name="c"
            id="k"
            fetcher={fetcher}
            options={{ refreshInterval: 2000, dedupingInterval: 0 }}
          />
        </>,
      ),
    )
    await settle(() => calls[0]!.resolve('v1'))
    await act(() => vi.advanceTimersByTime(2000))
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('starts when a mounted component asks for it', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id="k" fetcher={fetcher} />))
    await settle(() => calls[0]!.resolve('v1'))
    view.rerender(
      wrap(
        <Probe id="k" fetcher={fetcher} options={{ refreshInterval: 500, dedupingInterval: 0 }} />,
      ),
    )
    await act(() => vi.advanceTimersByTime(500))
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('does not fetch while the page is hidden, unless refreshWhenHidden', async () => {
    useFakeTimeouts()
    const every = { refreshInterval: 1000, dedupingInterval: 0 }
    const quiet = await mountLoaded(2, { ...every, revalidateOnFocus: false })
    const busy = await mountLoaded(2, {
      ...every,
      refreshWhenHidden: true,
      revalidateOnFocus: false,
    })
    await showPage(false)
    await act(() => vi.advanceTimersByTime(1000))
    expect(quiet.fetcher).not.toHaveBeenCalled()
    expect(busy.fetcher).toHaveBeenCalledTimes(1)
    await showPage(true)
    await act(() => vi.advanceTimersByTime(1000))
    expect(quiet.fetcher).toHaveBeenCalledTimes(1)
  })

  it('stops when the last component unmounts', async () => {
    useFakeTimeouts()
    const { fetcher, view } = await mountLoaded(3, { refreshInterval: 1000 })
    view.unmount()
    passGraceTick()
    await act(() => vi.advanceTimersByTime(10_000))
    expect(fetcher).not.toHaveBeenCalled()
  })

  it('treats refreshInterval: Infinity as off', async () => {
    useFakeTimeouts()
    const { fetcher } = await mountLoaded(1, { refreshInterval: Infinity })
    await act(() => vi.advanceTimersByTime(2 ** 31))
    expect(fetcher).not.toHaveBeenCalled()
  })
})

describe('dedupingInterval: triggers within it of the last answer do not fetch, as SWR', () => {
  it('a refreshInterval shorter than it fetches once per dedupingInterval', async () => {
    useFakeClock()
    const { fetcher, calls } = await mountLoaded(3, { refreshInterval: 500 })
    await act(() => vi.advanceTimersByTime(1999))
    expect(fetcher).not.toHaveBeenCalled()
    await act(() => vi.advanceTimersByTime(1)) // the tick at 2 s
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => calls[0]!.resolve('v2'))
    await act(() => vi.advanceTimersByTime(1999))
    expect(fetcher).toHaveBeenCalledTimes(1)
    await act(() => vi.advanceTimersByTime(1))
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('focus and going online: not within it, then as usual', async () => {
    useFakeClock()
    const { fetcher } = await mountLoaded(2, { focusThrottleInterval: 0, dedupingInterval: 1000 })
    await focus()
    await online()
    expect(fetcher).not.toHaveBeenCalled()
    await act(() => vi.advanceTimersByTime(1000))
    await online()
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('mutate() clears it, also when no component of the key is mounted: the next mount fetches', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let mutate: Mutate<string> = async () => undefined
    const probe = <Probe id="k" fetcher={fetcher} onMutate={(m) => (mutate = m)} />
    const view = render(wrap(probe))
    await settle(() => calls[0]!.resolve('v1'))
    view.rerender(wrap(null))
    passGraceTick()
    await act(() => mutate())
    expect(fetcher).toHaveBeenCalledTimes(1) // nobody to fetch for
    view.rerender(wrap(probe))
    await act(() => vi.advanceTimersByTime(0)) // a mount over data fetches a frame later
    expect(fetcher).toHaveBeenCalledTimes(2)
  })
})
