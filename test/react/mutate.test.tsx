import { render, screen } from '@testing-library/react'
import type { Mutate } from 'shared-call/react'
import { describe, expect, it } from 'vitest'
import { deferred } from '../support/deferred'
import {
  controlledFetcher,
  Probe,
  passGraceTick,
  settle,
  useFakeTimeouts,
  withInstance,
} from './harness'

/** Two components of key `k`; the first one's `mutate` is returned. */
const renderPair = (fetcher: (signal: AbortSignal) => Promise<string>) => {
  const { shared, wrap } = withInstance()
  let mutate: Mutate<string> = async () => undefined
  render(
    wrap(
      <>
        <Probe name="a" id="k" fetcher={fetcher} onMutate={(m) => (mutate = m)} />
        <Probe name="b" id="k" fetcher={fetcher} />
      </>,
    ),
  )
  const text = () => [screen.getByTestId('a').textContent, screen.getByTestId('b').textContent]
  return { shared, text, mutate: (...args: Parameters<Mutate<string>>) => mutate(...args) }
}

/**
 * `mutate(...)` inside act. Its promise comes back in an object, or awaiting
 * this would wait for it too; a test awaits it when it cares.
 */
const act = async <T,>(call: () => Promise<T>) => {
  let done!: Promise<T>
  await settle(() => {
    done = call()
    done.catch(() => {})
  })
  return { done }
}

describe('mutate()', () => {
  it('fetches again, once for every component of the key', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('v1'))

    const { done } = await act(() => mutate())
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(text()).toEqual(['a: data=v1 validating', 'b: data=v1 validating'])
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 2 })
    await settle(() => calls[1]!.resolve('v2'))
    expect(text()).toEqual(['a: data=v2', 'b: data=v2'])
    await expect(done).resolves.toBe('v2')
  })

  it('drops the answer of a fetch running before it, which aborts once nobody waits', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await act(() => mutate())
    passGraceTick()
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(calls[0]!.signal.aborted).toBe(true)

    await settle(() => calls[0]!.resolve('stale'))
    expect(text()[0]).toBe('a: loading')
    await settle(() => calls[1]!.resolve('fresh'))
    expect(text()[1]).toBe('b: data=fresh')
  })

  it('resolves with the data kept when the fetch fails: the failure is in `error`', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('v1'))
    const { done } = await act(() => mutate())
    await settle(() => calls[1]!.reject(new Error('down')))
    await expect(done).resolves.toBe('v1')
    expect(text()[0]).toBe('a: data=v1 error=Error: down')
  })
})

describe('mutate(data, options)', () => {
  it('shows the data in every component at once, then fetches again (SWR 2)', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('server'))
    const { done } = await act(() => mutate('local'))
    expect(text()).toEqual(['a: data=local validating', 'b: data=local validating'])
    expect(fetcher).toHaveBeenCalledTimes(2)
    await expect(done).resolves.toBe('local')
    await settle(() => calls[1]!.resolve('server 2'))
    expect(text()).toEqual(['a: data=server 2', 'b: data=server 2'])
  })

  it('with `revalidate: false` (or `false`), fetches nothing', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('server'))
    await act(() => mutate('local', { revalidate: false }))
    expect(text()).toEqual(['a: data=local', 'b: data=local'])
    await act(() => mutate('other', false))
    expect(text()).toEqual(['a: data=other', 'b: data=other'])
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('wins over the answer of a fetch that started before it, and leaves that fetch', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await act(() => mutate('local', false))
    passGraceTick()
    expect(calls[0]!.signal.aborted).toBe(true)
    await settle(() => calls[0]!.resolve('older'))
    expect(text()).toEqual(['a: data=local', 'b: data=local'])
  })

  it('clears an error', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.reject(new Error('down')))
    await act(() => mutate('local', false))
    expect(text()[0]).toBe('a: data=local')
  })

  it('takes a function of the current data', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('v1'))
    await act(() => mutate((current) => `${current}+1`, false))
    expect(text()[1]).toBe('b: data=v1+1')
  })

  it('takes a promise, and shows its result when it resolves', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('v1'))
    const saved = deferred<string>()
    const { done } = await act(() => mutate(saved.promise, false))
    expect(text()[0]).toBe('a: data=v1')
    await settle(() => saved.resolve('saved'))
    await expect(done).resolves.toBe('saved')
    expect(text()[0]).toBe('a: data=saved')
  })

  it('optimisticData is shown at once and rolled back when the mutation fails', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('v1'))
    const saving = deferred<string>()
    const { done } = await act(() =>
      mutate(saving.promise, { optimisticData: (current) => `${current} (saving)` }),
    )
    expect(text()).toEqual(['a: data=v1 (saving)', 'b: data=v1 (saving)'])
    const refused = new Error('refused')
    await settle(() => saving.reject(refused))
    await expect(done).rejects.toBe(refused)
    expect(text()[0]).toBe('a: data=v1 validating') // rolled back, and fetched again
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('rollbackOnError: false keeps the optimistic data; a function decides per error', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('v1'))
    const options = { optimisticData: 'v2', revalidate: false }
    await act(() => mutate(Promise.reject(new Error('no')), { ...options, rollbackOnError: false }))
    expect(text()[0]).toBe('a: data=v2')

    const timeout = new Error('timeout')
    const rollbackOnError = (error: unknown) => error !== timeout
    await act(() =>
      mutate(Promise.reject(timeout), { optimisticData: 'v3', revalidate: false, rollbackOnError }),
    )
    expect(text()[0]).toBe('a: data=v3')
    await act(() =>
      mutate(Promise.reject(new Error('422')), {
        optimisticData: 'v4',
        revalidate: false,
        rollbackOnError,
      }),
    )
    expect(text()[0]).toBe('a: data=v3')
  })

  it('a newer mutation wins over an older one that settles later', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('v1'))
    const slow = deferred<string>()
    const { done: older } = await act(() =>
      mutate(slow.promise, { optimisticData: 'slow…', revalidate: false }),
    )
    await act(() => mutate('newer', false))
    await settle(() => slow.resolve('older'))
    await expect(older).resolves.toBe('older')
    expect(text()[0]).toBe('a: data=newer')
  })

  it('a function that throws rejects, and changes nothing', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate, text } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('v1'))
    const broken = new Error('broken')
    const { done } = await act(() =>
      mutate(() => {
        throw broken
      }, false),
    )
    await expect(done).rejects.toBe(broken)
    expect(text()[0]).toBe('a: data=v1')
  })

  it.each([
    [5, /mutate options must be an object, got 5/],
    [{ revalidate: 'no' }, /mutate options.revalidate must be a boolean, got "no"/],
    [{ rollbackOnError: 1 }, /mutate options.rollbackOnError must be a boolean, got 1/],
    [{ populateCache: 'yes' }, /mutate options.populateCache must be a boolean, got "yes"/],
  ])('bad options %j throw a TypeError', async (options, message) => {
    const { fetcher } = controlledFetcher()
    const { mutate } = renderPair(fetcher)
    expect(() => mutate('x', options as never)).toThrow(TypeError)
    expect(() => mutate('x', options as never)).toThrow(message)
  })
})

it('mutate of a null key does nothing', async () => {
  const { fetcher } = controlledFetcher()
  const { wrap } = withInstance()
  let mutate: Mutate<string> = async () => undefined
  render(wrap(<Probe id={null} fetcher={fetcher} onMutate={(m) => (mutate = m)} />))
  await expect(mutate()).resolves.toBeUndefined()
  await expect(mutate('x')).resolves.toBeUndefined()
  expect(fetcher).not.toHaveBeenCalled()
  expect(screen.getByTestId('probe').textContent).toBe('probe:')
})
