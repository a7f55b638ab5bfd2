// Event callbacks: each called once per event of a key, whatever the number
// of its components (SWR's deduplication), with the latest render's closure.
import { act, render } from '@testing-library/react'
import type { Mutate } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { controlledFetcher, Probe, settle, useFakeTimeouts, withInstance } from './harness'

const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms))

/** `n` components of key `k`, each with its own callbacks from `options(i)`. */
const renderMany = (
  n: number,
  options: (i: number) => object,
  fetcher = controlledFetcher().fetcher,
) => {
  const { wrap } = withInstance()
  let mutate: Mutate<string> = async () => undefined
  const tree = (make: (i: number) => object) =>
    wrap(
      Array.from({ length: n }, (_, i) => `c${i}`).map((name, i) => (
        <Probe
          key={name}
          name={name}
          id="k"
          fetcher={fetcher}
          options={make(i)}
          onMutate={i === 0 ? (m) => (mutate = m) : undefined}
        />
      )),
    )
  const view = render(tree(options))
  return {
    mutate: (...args: Parameters<Mutate<string>>) => mutate(...args),
    rerender: (make: (i: number) => object) => view.rerender(tree(make)),
  }
}

describe('onSuccess and onError', () => {
  it('100 components of a key: one onSuccess per answer, with the data, the key and its options', async () => {
    const { fetcher, calls } = controlledFetcher()
    const spies = Array.from({ length: 100 }, () => vi.fn())
    renderMany(100, (i) => ({ onSuccess: spies[i] }), fetcher)
    await settle(() => calls[0]!.resolve('x'))
    const all = spies.flatMap((spy) => spy.mock.calls)
    expect(all).toEqual([['x', 'k', expect.objectContaining({ onSuccess: spies[0] })]])
  })

  it('one onError per failure of the key, not one per component', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const onError = vi.fn()
    const { mutate } = renderMany(50, () => ({ onError, shouldRetryOnError: false }), fetcher)
    await settle(() => calls[0]!.reject(new Error('one')))
    expect(onError).toHaveBeenCalledTimes(1)
    await settle(() => mutate())
    await settle(() => calls[1]!.reject(new Error('two')))
    expect(onError.mock.calls.map(([error]) => (error as Error).message)).toEqual(['one', 'two'])
  })

  it("calls the callback of the component's latest render, as rendered when the answer came", async () => {
    const { fetcher, calls } = controlledFetcher()
    const said: string[] = []
    const { rerender } = renderMany(1, () => ({ onSuccess: () => said.push('a') }), fetcher)
    rerender(() => ({ onSuccess: () => said.push('b') }))
    await settle(() => calls[0]!.resolve('x'))
    expect(said).toEqual(['b'])
  })
})

describe('onErrorRetry', () => {
  it('replaces the built-in backoff: called once per failure with revalidate and the retry count', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const onErrorRetry = vi.fn()
    const { mutate } = renderMany(10, () => ({ onErrorRetry }), fetcher)
    await settle(() => calls[0]!.reject(new Error('down')))
    expect(onErrorRetry).toHaveBeenCalledTimes(1)
    const [error, key, config, revalidate, attempt] = onErrorRetry.mock.calls[0]!
    expect([(error as Error).message, key, attempt]).toEqual(['down', 'k', { retryCount: 1 }])
    expect(config).toMatchObject({ onErrorRetry })
    // No built-in retry: nothing happens until the policy says so.
    await wait(3_600_000)
    expect(fetcher).toHaveBeenCalledTimes(1)

    // Its revalidate fetches once for the 10 components.
    await settle(() => (revalidate as () => void)())
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.reject(new Error('still down')))
    expect(onErrorRetry.mock.calls[1]![4]).toEqual({ retryCount: 2 })
    await settle(() => (onErrorRetry.mock.calls[1]![3] as () => void)())
    await settle(() => calls[2]!.resolve('up'))
    // A success starts the count again.
    await settle(() => mutate())
    await settle(() => calls[3]!.reject(new Error('down again')))
    expect(onErrorRetry.mock.calls[2]![4]).toEqual({ retryCount: 1 })
  })

  it('is not called when shouldRetryOnError says no', async () => {
    const { fetcher, calls } = controlledFetcher()
    const onErrorRetry = vi.fn()
    renderMany(1, () => ({ onErrorRetry, shouldRetryOnError: () => false }), fetcher)
    await settle(() => calls[0]!.reject(new Error('404')))
    expect(onErrorRetry).not.toHaveBeenCalled()
  })
})

describe('onLoadingSlow', () => {
  it('once per fetch of a key with nothing to show, after loadingTimeout, if it still runs', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const onLoadingSlow = vi.fn()
    const { mutate } = renderMany(20, () => ({ onLoadingSlow, loadingTimeout: 500 }), fetcher)
    await wait(499)
    expect(onLoadingSlow).not.toHaveBeenCalled()
    await wait(1)
    expect(onLoadingSlow.mock.calls).toEqual([['k', expect.objectContaining({ onLoadingSlow })]])
    await settle(() => calls[0]!.resolve('x'))

    // With data on screen, a slow refetch is not "loading".
    await settle(() => mutate())
    await wait(10_000)
    expect(onLoadingSlow).toHaveBeenCalledTimes(1)
  })

  it('is not called for a fetch that answers in time; defaults to 3 s', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const onLoadingSlow = vi.fn()
    renderMany(1, () => ({ onLoadingSlow }), fetcher)
    await wait(2999)
    await settle(() => calls[0]!.resolve('x'))
    await wait(10_000)
    expect(onLoadingSlow).not.toHaveBeenCalled()
  })

  it('calls the latest closure, as does the onSuccess that follows', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const said: string[] = []
    const make = (text: string) => () => ({
      onLoadingSlow: () => said.push(`slow ${text}`),
      onSuccess: () => said.push(`success ${text}`),
      loadingTimeout: 100,
    })
    const { rerender } = renderMany(1, make('a'), fetcher)
    await wait(100)
    rerender(make('b'))
    await settle(() => calls[0]!.resolve('x'))
    expect(said).toEqual(['slow a', 'success b'])
  })
})

describe('onDiscarded', () => {
  it('once when mutate(data) replaces a running fetch, whose answer then reaches no onSuccess', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const onDiscarded = vi.fn()
    const onSuccess = vi.fn()
    const { mutate } = renderMany(5, () => ({ onDiscarded, onSuccess }), fetcher)
    await settle(() => mutate('local', false))
    expect(onDiscarded.mock.calls).toEqual([['k', expect.objectContaining({ onDiscarded })]])
    await settle(() => calls[0]!.resolve('late'))
    expect(onSuccess).not.toHaveBeenCalled()
    expect(calls[0]!.signal.aborted).toBe(true)
  })

  it('once when mutate() starts a newer fetch over a running one; never without a race', async () => {
    const { fetcher, calls } = controlledFetcher()
    const onDiscarded = vi.fn()
    const onSuccess = vi.fn()
    const { mutate } = renderMany(2, () => ({ onDiscarded, onSuccess }), fetcher)
    await settle(() => mutate())
    expect(onDiscarded).toHaveBeenCalledTimes(1)
    await settle(() => calls[1]!.resolve('newer'))
    expect(onSuccess.mock.calls.map(([data]) => data)).toEqual(['newer'])
    // Nothing running: a mutate discards nothing.
    await settle(() => mutate('local', false))
    await settle(() => mutate())
    expect(onDiscarded).toHaveBeenCalledTimes(1)
  })
})
