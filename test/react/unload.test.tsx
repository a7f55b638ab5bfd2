// unload(): the hooks' cache emptied, as SWR's `unload` (sign-out): nothing
// of the user who left is shown to the next, and nothing running answers later.
import { act, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { SharedCall } from 'shared-call'
import { type Fetcher, type Mutate, preload, unload, useSharedCall } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { storeOf } from '../../src/react/key-store'
import { controlledFetcher, Probe, settle, withInstance } from './harness'

/** Components `a` and `b` of key `k` and `c` of key `other`, all loaded; key `kept` preloaded, shown by none. */
const mountLoaded = async (options = {}) => {
  const { fetcher, calls } = controlledFetcher()
  const { shared, wrap } = withInstance()
  render(
    wrap(
      <>
        <Probe name="a" id="k" fetcher={fetcher} options={options} />
        <Probe name="b" id="k" fetcher={fetcher} options={options} />
        <Probe name="c" id="other" fetcher={fetcher} options={options} />
      </>,
    ),
  )
  await settle(() => {
    calls[0]!.resolve('alice’s k')
    calls[1]!.resolve('alice’s other')
  })
  await settle(() => preload(shared, 'kept', async () => 'alice’s kept'))
  fetcher.mockClear()
  calls.length = 0
  return { fetcher, calls, shared }
}

const text = (name: string) => screen.getByTestId(name).textContent

/** Shows key `id` (set by `onShow`'s function) with keepPreviousData. */
function Page({
  fetcher,
  onShow,
}: {
  fetcher: Fetcher<string>
  onShow: (show: (id: string) => void) => void
}) {
  const [id, setId] = useState('a')
  onShow(setId)
  const { data } = useSharedCall(id, fetcher, { keepPreviousData: true })
  return <p data-testid="page">{String(data)}</p>
}

describe('unload', () => {
  it('empties every key, deletes those no component shows, and fetches the shown ones again, once per key', async () => {
    const { fetcher, calls, shared } = await mountLoaded()
    act(() => unload(shared))
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect([text('a'), text('b'), text('c')]).toEqual(['a: loading', 'b: loading', 'c: loading'])
    expect([...storeOf(shared).entries.keys()].sort()).toEqual(['k', 'other'])

    await settle(() => {
      calls[0]!.resolve('bob’s k')
      calls[1]!.resolve('bob’s other')
    })
    expect([text('a'), text('c')]).toEqual(['a: data=bob’s k', 'c: data=bob’s other'])
  })

  it('{ revalidate: false }: nothing fetched, nothing shown', async () => {
    const { fetcher, shared } = await mountLoaded()
    act(() => unload(shared, { revalidate: false }))
    expect(fetcher).not.toHaveBeenCalled()
    expect([text('a'), text('b'), text('c')]).toEqual(['a:', 'b:', 'c:'])
  })

  it('drops a fetch and a mutation still running: their answers are never shown', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const onDiscarded = vi.fn()
    let mutate!: Mutate<string>
    render(
      wrap(
        <>
          <Probe id="k" fetcher={fetcher} options={{ onDiscarded }} />
          <Probe name="m" id="m" fetcher={fetcher} onMutate={(m) => (mutate = m)} />
        </>,
      ),
    )
    await settle(() => calls[1]!.resolve('alice’s m'))
    let mutation!: (value: string) => void
    act(() => {
      void mutate(new Promise<string>((resolve) => (mutation = resolve)), { revalidate: false })
    })
    act(() => unload(shared, { revalidate: false }))
    expect(onDiscarded).toHaveBeenCalledWith('k', expect.anything())
    expect(calls[0]!.signal.aborted).toBe(true) // nobody waits for it now

    await settle(() => {
      calls[0]!.resolve('alice’s k')
      mutation('alice’s mutation')
    })
    expect(text('probe')).toBe('probe:')
    expect(text('m')).toBe('m:')
  })

  it('keepPreviousData never shows data from before it', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    let show!: (id: string) => void
    render(wrap(<Page fetcher={fetcher} onShow={(set) => (show = set)} />))
    await settle(() => calls[0]!.resolve('alice’s a'))
    act(() => show('b'))
    expect(text('page')).toBe('alice’s a') // kept while b loads, as asked
    act(() => unload(shared))
    expect(text('page')).toBe('undefined')
    await settle(() => calls[2]!.resolve('bob’s b'))
    expect(text('page')).toBe('bob’s b')
  })

  it('empties only its instance; the default one when none is given', async () => {
    const { shared } = await mountLoaded()
    act(() => unload(new SharedCall(), { revalidate: false }))
    act(() => unload({ revalidate: false }))
    expect(text('a')).toBe('a: data=alice’s k')
    expect(storeOf(shared).entries.size).toBe(3)
  })

  it.each([
    [
      [{ revalidat: false }],
      'unload options.revalidat must be a known option (did you mean `revalidate`?)',
    ],
    [[{ revalidate: 'no' }], 'unload options.revalidate must be a boolean'],
    [['now'], 'unload options must be an object'],
  ])('unload(%j): a TypeError that says what to do', (args, message) => {
    expect(() => (unload as (...a: unknown[]) => void)(...args)).toThrow(TypeError)
    expect(() => (unload as (...a: unknown[]) => void)(...args)).toThrow(message)
  })
})
