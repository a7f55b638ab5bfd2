// Data kept across mounts: gcTime, revalidateOnMount, revalidateIfStale.
import { render, screen } from '@testing-library/react'
import { useState } from 'react'
import type { SharedCall } from 'shared-call'
import { type Mutate, useSharedCall } from 'shared-call/react'
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

const MINUTE = 60_000

/** Renders `n` components of key `k`, and the way to unmount them and let the grace tick pass. */
const mountMany = (
  wrap: (children: React.ReactNode) => React.ReactNode,
  fetcher: (signal: AbortSignal) => Promise<string>,
  n: number,
  options = {},
) => {
  const names = Array.from({ length: n }, (_, i) => `c${i}`)
  const view = render(
    wrap(
      names.map((name) => (
        <Probe key={name} name={name} id="k" fetcher={fetcher} options={options} />
      )),
    ),
  )
  return {
    names,
    leave: () => {
      view.unmount()
      passGraceTick()
    },
  }
}

const entries = (shared: SharedCall) => storeOf(shared).entries

/** What each `FirstRender` showed in its first render. */
const firstRenders: string[] = []

function FirstRender({
  name,
  fetcher,
}: {
  name: string
  fetcher: (signal: AbortSignal) => Promise<string>
}) {
  const { data, isLoading } = useSharedCall('k', fetcher)
  const seen = isLoading ? 'loading' : String(data)
  useState(() => firstRenders.push(seen))
  return <p data-testid={name}>{seen}</p>
}

describe('data kept across mounts', () => {
  it('1000 components unmount and remount: their first render shows the data, and one background fetch runs', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const first = mountMany(wrap, fetcher, 1000)
    await settle(() => calls[0]!.resolve('v1'))
    first.leave()
    await pastDeduping()

    // What each component renders first, before any effect: the kept data.
    firstRenders.length = 0
    render(
      wrap(first.names.map((name) => <FirstRender key={name} name={name} fetcher={fetcher} />)),
    )
    expect(firstRenders).toHaveLength(1000)
    expect(new Set(firstRenders)).toEqual(new Set(['v1']))
    // The background fetch starts at the next frame, once for all of them.
    expect(fetcher).toHaveBeenCalledTimes(1)
    await passFrame()
    expect(fetcher).toHaveBeenCalledTimes(2) // the first load, and one background fetch
    // Each remounted component is a caller of that one fetch.
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 1998 })
    await settle(() => calls[1]!.resolve('v2'))
    expect(screen.getByTestId('c999').textContent).toBe('v2')
  })

  it('shows the kept data while the background fetch runs, then its answer', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const first = mountMany(wrap, fetcher, 1)
    await settle(() => calls[0]!.resolve('v1'))
    first.leave()
    await pastDeduping()
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v1')
    await passFrame()
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v1 validating')
    await settle(() => calls[1]!.resolve('v2'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v2')
  })

  it('revalidateIfStale: false shows the kept data without fetching it again', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { revalidateIfStale: false }
    const first = mountMany(wrap, fetcher, 3, options)
    await settle(() => calls[0]!.resolve('v1'))
    first.leave()
    render(wrap(<Probe id="k" fetcher={fetcher} options={options} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v1')
    await settle(() => {})
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('revalidateOnMount: false fetches nothing on mount, even without data; true overrides revalidateIfStale', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(
      wrap(<Probe id="k" fetcher={fetcher} options={{ revalidateOnMount: false }} />),
    )
    await settle(() => {})
    expect(fetcher).not.toHaveBeenCalled()
    expect(screen.getByTestId('probe').textContent).toBe('probe:') // not loading: nothing runs
    view.unmount()
    passGraceTick()

    render(
      wrap(
        <Probe
          id="k"
          fetcher={fetcher}
          options={{ revalidateOnMount: true, revalidateIfStale: false }}
        />,
      ),
    )
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => calls[0]!.resolve('v1'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v1')
  })

  it('gcTime expiry frees the entry: the next mount loads again', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const first = mountMany(wrap, fetcher, 3, { gcTime: MINUTE })
    await settle(() => calls[0]!.resolve('v1'))
    first.leave()
    expect(entries(shared).size).toBe(1)

    vi.advanceTimersByTime(MINUTE - 2)
    expect(entries(shared).get('k')?.state.data).toBe('v1')
    vi.advanceTimersByTime(1)
    expect(entries(shared).size).toBe(0)

    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
  })

  it('defaults gcTime to 5 minutes', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const first = mountMany(wrap, fetcher, 1)
    await settle(() => calls[0]!.resolve('v1'))
    first.leave()
    vi.advanceTimersByTime(5 * MINUTE - 2)
    expect(entries(shared).size).toBe(1)
    vi.advanceTimersByTime(1)
    expect(entries(shared).size).toBe(0)
  })

  it('counts gcTime from the last unmount: a remount meanwhile cancels the expiry', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const options = { gcTime: MINUTE, revalidateIfStale: false }
    const first = mountMany(wrap, fetcher, 1, options)
    await settle(() => calls[0]!.resolve('v1'))
    first.leave()
    vi.advanceTimersByTime(MINUTE / 2)
    const second = mountMany(wrap, fetcher, 1, options)
    vi.advanceTimersByTime(MINUTE) // the first expiry would have fired here
    expect(entries(shared).size).toBe(1)
    second.leave()
    vi.advanceTimersByTime(MINUTE - 2)
    expect(entries(shared).size).toBe(1)
    vi.advanceTimersByTime(1)
    expect(entries(shared).size).toBe(0)
  })

  it('gcTime: Infinity keeps the data for good', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const first = mountMany(wrap, fetcher, 1, { gcTime: Infinity })
    await settle(() => calls[0]!.resolve('v1'))
    first.leave()
    vi.advanceTimersByTime(2 ** 31)
    expect(entries(shared).get('k')?.state.data).toBe('v1')
  })

  it('memory stays flat: 1000 keys shown once each are all dropped after gcTime', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    for (let round = 0; round < 10; round++) {
      const keys = Array.from({ length: 100 }, (_, i) => `k${round}-${i}`)
      const view = render(
        wrap(
          keys.map((k) => (
            <Probe key={k} name={k} id={k} fetcher={fetcher} options={{ gcTime: MINUTE }} />
          )),
        ),
      )
      await settle(() => {
        for (const call of calls.splice(0)) call.resolve('x')
      })
      view.unmount()
      passGraceTick()
    }
    expect(entries(shared).size).toBe(1000)
    vi.advanceTimersByTime(MINUTE)
    expect(entries(shared).size).toBe(0)
    expect(shared.getStats().active).toBe(0)
    expect(vi.getTimerCount()).toBe(0) // no retry, refresh or expiry timer left behind
  })

  it('a fetch that outlives its components is aborted, and the kept entry is not stuck loading', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const first = mountMany(wrap, fetcher, 2)
    first.leave()
    expect(calls[0]!.signal.aborted).toBe(true)
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve('v1'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v1')
  })

  it('a mutate() kept by a component that has gone leaves nothing behind', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    let mutate: Mutate<string> = async () => undefined
    const view = render(
      wrap(
        <Probe id="k" fetcher={fetcher} options={{ gcTime: 0 }} onMutate={(m) => (mutate = m)} />,
      ),
    )
    await settle(() => calls[0]!.resolve('v1'))
    view.unmount()
    passGraceTick()
    passGraceTick()
    expect(entries(shared).size).toBe(0)
    await mutate()
    await mutate('late', false)
    expect(fetcher).toHaveBeenCalledTimes(1) // nobody shows the key: nothing to fetch
    vi.advanceTimersByTime(5 * MINUTE)
    expect(entries(shared).size).toBe(0)
  })
})
