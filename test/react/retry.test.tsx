// Retries after a failed fetch: one chain per key, shared by its components,
// exponential backoff with jitter, stopped when no component waits.
import { act, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  controlledFetcher,
  Probe,
  passGraceTick,
  settle,
  useFakeTimeouts,
  withInstance,
} from './harness'

// Only this spy, reset to the real Math.random after each test: restoring
// every mock would also undo the console guard of setup.ts.
const random = vi.spyOn(Math, 'random')
afterEach(() => {
  random.mockReset()
})

/** Jitter pinned: `0.5 + random` is 1, so each delay is `interval × 2^n`. */
const noJitter = () => random.mockReturnValue(0.5)

const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms))

/** `n` components of key `k` with `options`, whose first fetch the test settles. */
const mountFailing = (n: number, options = {}) => {
  const { fetcher, calls } = controlledFetcher()
  const { shared, wrap } = withInstance()
  const names = Array.from({ length: n }, (_, i) => `c${i}`)
  const view = render(
    wrap(
      names.map((name) => (
        <Probe key={name} name={name} id="k" fetcher={fetcher} options={options} />
      )),
    ),
  )
  const fail = (i: number) => settle(() => calls[i]!.reject(new Error(`down ${i}`)))
  return { fetcher, calls, shared, view, fail }
}

describe('retries', () => {
  it('none while the page is hidden or offline, as SWR and TanStack Query; the focus that shows it fetches', async () => {
    useFakeTimeouts()
    noJitter()
    const state = { hidden: false, online: true }
    const visibility = vi.spyOn(document, 'visibilityState', 'get')
    const onLine = vi.spyOn(navigator, 'onLine', 'get')
    visibility.mockImplementation(() => (state.hidden ? 'hidden' : 'visible'))
    onLine.mockImplementation(() => state.online)
    try {
      const { fetcher, fail } = mountFailing(2, { errorRetryInterval: 100 })
      state.hidden = true
      await fail(0)
      await wait(60_000)
      expect(fetcher).toHaveBeenCalledTimes(1)

      state.hidden = false
      state.online = false
      await act(() => void document.dispatchEvent(new Event('visibilitychange', { bubbles: true })))
      expect(fetcher).toHaveBeenCalledTimes(2) // shown again: fetched once
      await fail(1) // offline: no retry either
      await wait(60_000)
      expect(fetcher).toHaveBeenCalledTimes(2)

      state.online = true
      await act(() => void window.dispatchEvent(new Event('online')))
      expect(fetcher).toHaveBeenCalledTimes(3)
      await fail(2) // shown and online: retried as usual
      await wait(100)
      expect(fetcher).toHaveBeenCalledTimes(4)
    } finally {
      visibility.mockRestore()
      onLine.mockRestore()
    }
  })

  it('one retry chain shared by 3 components, aborted when they unmount', async () => {
    useFakeTimeouts()
    noJitter()
    const { fetcher, calls, shared, view, fail } = mountFailing(3, { errorRetryInterval: 1000 })
    await fail(0)
    expect(screen.getByTestId('c2').textContent).toBe('c2: error=Error: down 0')

    await wait(999)
    expect(fetcher).toHaveBeenCalledTimes(1)
    await wait(1)
    // One retry for the key, not one per component; each component a caller of it.
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 4 })
    expect(screen.getByTestId('c0').textContent).toBe('c0: loading error=Error: down 0')

    await fail(1)
    await wait(2000) // the second retry: doubled
    expect(fetcher).toHaveBeenCalledTimes(3)

    view.unmount()
    passGraceTick()
    expect(calls[2]!.signal.aborted).toBe(true) // the running retry: nobody waits
    await wait(60 * 60_000)
    expect(fetcher).toHaveBeenCalledTimes(3) // and the chain stopped
  })

  it('stops the chain while waiting for the next retry, when the components unmount', async () => {
    useFakeTimeouts()
    noJitter()
    const { fetcher, view, fail } = mountFailing(3, { errorRetryInterval: 1000 })
    await fail(0)
    view.unmount()
    passGraceTick()
    await wait(60_000)
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(1) // only the kept entry's expiry
  })

  it('backs off exponentially (5 s by default), up to 2^8 times the interval', async () => {
    useFakeTimeouts()
    noJitter()
    const { fetcher, fail } = mountFailing(1)
    const delays: number[] = []
    for (let attempt = 0; attempt < 11; attempt++) {
      await fail(attempt)
      const before = fetcher.mock.calls.length
      let waited = 0
      while (fetcher.mock.calls.length === before) {
        await wait(1000)
        waited += 1000
      }
      delays.push(waited / 1000)
    }
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1280, 1280, 1280])
  })

  it('spreads retries by a random 0.5–1.5 of the delay', async () => {
    useFakeTimeouts()
    random.mockReturnValue(0)
    const early = mountFailing(1, { errorRetryInterval: 1000 })
    await early.fail(0)
    await wait(499)
    expect(early.fetcher).toHaveBeenCalledTimes(1)
    await wait(1)
    expect(early.fetcher).toHaveBeenCalledTimes(2)

    random.mockReturnValue(0.999)
    const late = mountFailing(1, { errorRetryInterval: 1000 })
    await late.fail(0)
    await wait(1498)
    expect(late.fetcher).toHaveBeenCalledTimes(1)
    await wait(1)
    expect(late.fetcher).toHaveBeenCalledTimes(2)
  })

  it('errorRetryCount: gives up after that many retries, until a success resets it', async () => {
    useFakeTimeouts()
    noJitter()
    const { fetcher, calls, fail } = mountFailing(2, {
      errorRetryCount: 2,
      errorRetryInterval: 100,
      dedupingInterval: 0, // so that going online just after a success fetches
    })
    await fail(0)
    await wait(100)
    await fail(1)
    await wait(200)
    await fail(2)
    await wait(60_000)
    expect(fetcher).toHaveBeenCalledTimes(3)

    await settle(() => window.dispatchEvent(new Event('online'))) // a trigger fetches again
    await settle(() => calls[3]!.resolve('back'))
    await settle(() => window.dispatchEvent(new Event('online')))
    await fail(4)
    await wait(100) // counting from zero again
    expect(fetcher).toHaveBeenCalledTimes(6)
  })

  it('shouldRetryOnError: false turns retries off; a function decides per error', async () => {
    useFakeTimeouts()
    noJitter()
    const off = mountFailing(1, { shouldRetryOnError: false, errorRetryInterval: 100 })
    await off.fail(0)
    await wait(10_000)
    expect(off.fetcher).toHaveBeenCalledTimes(1)

    const notFound = new Error('404')
    const shouldRetryOnError = (error: Error) => error !== notFound
    const picky = mountFailing(1, { shouldRetryOnError, errorRetryInterval: 100 })
    await settle(() => picky.calls[0]!.reject(notFound))
    await wait(10_000)
    expect(picky.fetcher).toHaveBeenCalledTimes(1)
    await settle(() => window.dispatchEvent(new Event('online')))
    await picky.fail(1)
    await wait(100)
    expect(picky.fetcher).toHaveBeenCalledTimes(3)
  })

  it('never retries at once: a huge interval is capped at the longest timer, not overflowed', async () => {
    useFakeTimeouts()
    random.mockReturnValue(0.999)
    const { fetcher, fail } = mountFailing(1, { errorRetryInterval: 2 ** 31 - 1 })
    await fail(0)
    await wait(10)
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('a success clears the error and ends the chain', async () => {
    useFakeTimeouts()
    noJitter()
    const { fetcher, calls, fail } = mountFailing(2, { errorRetryInterval: 100 })
    await fail(0)
    await wait(100)
    await settle(() => calls[1]!.resolve('ok'))
    expect(screen.getByTestId('c1').textContent).toBe('c1: data=ok')
    await wait(60_000)
    expect(fetcher).toHaveBeenCalledTimes(2)
  })
})
