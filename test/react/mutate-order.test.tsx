// Mutate, all of it (issues 22.4 and 17.6): what overlapping mutations and
// fetches show, committed data under optimistic data, populateCache, the
// bound mutate's identity, and the global mutate's key filter.
import { act, cleanup, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { SharedCall } from 'shared-call'
import { type Mutate, mutate as mutateKeys, type ReadyKey, useSharedCall } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { storeOf } from '../../src/react/key-store'
import { deferred } from '../support/deferred'
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

/** A component of key `id` that records each distinct data it renders, and hands out its `mutate`. */
function Recorder<T>(props: {
  id: string | null
  fetcher: (signal: AbortSignal) => Promise<T>
  shown: unknown[]
  onMutate: (mutate: Mutate<T>) => void
}) {
  const result = useSharedCall(props.id, props.fetcher)
  props.onMutate(result.mutate as Mutate<T>)
  const { shown } = props
  if (!shown.length || shown.at(-1) !== result.data) shown.push(result.data)
  return <p data-testid="page">{String(result.data)}</p>
}

/** One `Recorder` of key `k`: what it showed, and its `mutate`. */
const renderRecorder = (fetcher: (signal: AbortSignal) => Promise<string>) => {
  const { shared, wrap } = withInstance()
  const shown: unknown[] = []
  let mutate!: Mutate<string>
  render(wrap(<Recorder id="k" fetcher={fetcher} shown={shown} onMutate={(m) => (mutate = m)} />))
  return { shared, shown, mutate: (...args: Parameters<Mutate<string>>) => mutate(...args) }
}

let setKey: (key: string | null) => void
/** A `Recorder` whose key `setKey` changes. */
function Switcher(props: {
  fetcher: (signal: AbortSignal) => Promise<string>
  onMutate: (mutate: Mutate<string>) => void
}) {
  const [key, set] = useState<string | null>(null)
  setKey = set
  return <Recorder id={key} fetcher={props.fetcher} shown={[]} onMutate={props.onMutate} />
}

/** Starts `call` inside act; its promise is returned in an object, caught. */
const start = async <T,>(call: () => Promise<T>) => {
  let done!: Promise<T>
  await settle(() => {
    done = call()
    done.catch(() => {})
  })
  return { done }
}

describe('optimistic data and rollbacks over overlapping mutations', () => {
  it('a rollback restores the committed data, never another mutation’s optimistic data', async () => {
    // SWR use-swr-local-mutation "should not revert to optimistic data when rolling back".
    const { fetcher, calls } = controlledFetcher()
    const { shown, mutate } = renderRecorder(fetcher)
    await settle(() => calls[0]!.resolve('0'))
    const first = deferred<string>()
    const second = deferred<string>()
    const seen: unknown[] = []
    await start(() => mutate(first.promise, { optimisticData: '1', revalidate: false }))
    await start(() =>
      mutate(
        (committed) => {
          seen.push(committed)
          return second.promise
        },
        {
          optimisticData: (committed, displayed) => {
            seen.push(committed, displayed)
            return '2'
          },
          revalidate: false,
        },
      ),
    )
    await settle(() => first.reject(new Error('first failed')))
    await settle(() => second.reject(new Error('second failed')))
    expect(shown).toEqual([undefined, '0', '1', '2', '0'])
    // The optimistic function gets the committed data and the one on screen;
    // the data function, the committed data.
    expect(seen).toEqual(['0', '1', '0'])
  })

  it('populateCache: false leaves the optimistic data; the next rollback goes back to it', async () => {
    // SWR "should rollback to the original value after multiple mutations".
    const { fetcher, calls } = controlledFetcher()
    const { shown, mutate } = renderRecorder(fetcher)
    await settle(() => calls[0]!.resolve('foo'))
    await start(() =>
      mutate(Promise.resolve('the server’s answer'), {
        optimisticData: 'bar',
        populateCache: false,
        revalidate: false,
      }),
    )
    // Rejected once 'baz' has rendered (within one act, React 18 would batch both).
    const failing = deferred<string>()
    await start(() => mutate(failing.promise, { optimisticData: 'baz', revalidate: false }))
    await settle(() => failing.reject(new Error('no')))
    expect(shown).toEqual([undefined, 'foo', 'bar', 'baz', 'bar'])
  })
})

describe('populateCache', () => {
  it('a function makes the data from the result and the committed data', async () => {
    const { fetcher, calls } = controlledFetcher<string[]>()
    const { wrap } = withInstance()
    let mutate!: Mutate<string[]>
    render(
      wrap(<Recorder id="todos" fetcher={fetcher} shown={[]} onMutate={(m) => (mutate = m)} />),
    )
    await settle(() => calls[0]!.resolve(['a']))
    let done!: Promise<string | undefined>
    await settle(() => {
      // A POST that answers with the added item; the list is made from it.
      done = mutate(Promise.resolve('b'), {
        optimisticData: (list = []) => [...list, 'b…'],
        populateCache: (added, list = []) => [...list, added],
        revalidate: false,
      })
    })
    await expect(done).resolves.toBe('b')
    expect(screen.getByTestId('page').textContent).toBe('a,b')
  })

  it('false keeps the data and the error as they are', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shown, mutate } = renderRecorder(fetcher)
    await settle(() => calls[0]!.resolve('v1'))
    const { done } = await start(() =>
      mutate('ignored', { populateCache: false, revalidate: false }),
    )
    await expect(done).resolves.toBe('ignored')
    expect(shown).toEqual([undefined, 'v1'])
  })
})

describe('fetches and mutations that overlap', () => {
  it('a component that mounts during a mutation still fetches; the mutation’s result wins (SWR case 2)', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const saving = deferred<string>()
    void mutateKeys(shared, 'k', saving.promise, false).catch(() => {})
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(fetcher).toHaveBeenCalledOnce()
    await settle(() => saving.resolve('mutated'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=mutated')
    await settle(() => calls[0]!.resolve('fetched before the mutation ended'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=mutated')
  })

  it('a fetch that started during a mutation is onDiscarded once, whether it answers before the mutation ends or after', async () => {
    useFakeClock()
    for (const answersFirst of [true, false]) {
      const { fetcher, calls } = controlledFetcher()
      const { shared, wrap } = withInstance()
      const onDiscarded = vi.fn()
      const onSuccess = vi.fn()
      const saving = deferred<string>()
      void mutateKeys(shared, 'k', saving.promise, false).catch(() => {})
      render(wrap(<Probe id="k" fetcher={fetcher} options={{ onDiscarded, onSuccess }} />))
      if (answersFirst) await settle(() => calls[0]!.resolve('fetched'))
      await settle(() => saving.resolve('mutated'))
      if (!answersFirst) await settle(() => calls[0]!.resolve('fetched'))
      expect(onDiscarded).toHaveBeenCalledTimes(1)
      expect(onSuccess).not.toHaveBeenCalled()
      cleanup()
    }
  })

  it('…and a fetch that answers while the mutation runs is dropped too (SWR case 3)', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const saving = deferred<string>()
    void mutateKeys(shared, 'k', saving.promise, false).catch(() => {})
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    await settle(() => calls[0]!.resolve('fetched during the mutation'))
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
    await settle(() => saving.resolve('mutated'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=mutated')
  })

  it('mutate() during a mutation: its answer does not show before the mutation’s result', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shown, mutate } = renderRecorder(fetcher)
    await settle(() => calls[0]!.resolve('v0'))
    const saving = deferred<string>()
    await start(() => mutate(saving.promise, { revalidate: false }))
    await start(() => mutate())
    await settle(() => calls[1]!.resolve('fetched while saving'))
    await settle(() => saving.resolve('saved'))
    expect(shown).toEqual([undefined, 'v0', 'saved'])
  })

  it('mutations that end out of order: the one started last decides the data, and only it revalidates', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shown, mutate } = renderRecorder(fetcher)
    await settle(() => calls[0]!.resolve('v0'))
    const one = deferred<string>()
    const two = deferred<string>()
    const three = deferred<string>()
    const first = await start(() => mutate(one.promise))
    const second = await start(() => mutate(two.promise))
    const third = await start(() => mutate(three.promise))
    await settle(() => three.resolve('v3'))
    await settle(() => one.resolve('v1'))
    await settle(() => two.resolve('v2'))
    await expect(first.done).resolves.toBe('v1')
    await expect(second.done).resolves.toBe('v2')
    await expect(third.done).resolves.toBe('v3')
    expect(shown).toEqual([undefined, 'v0', 'v3'])
    expect(fetcher).toHaveBeenCalledTimes(2) // the first load, and the third mutation’s revalidation
  })
})

describe('the bound mutate', () => {
  it('is one function for the component’s life, across renders and key changes, on the current key', async () => {
    // SWR "should keep the `mutate` function referential equal" and
    // "bound mutate should always use the latest key".
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const mutates = new Set<unknown>()
    let mutate!: Mutate<string>
    render(
      wrap(
        <Switcher
          fetcher={fetcher}
          onMutate={(m) => {
            mutate = m
            mutates.add(m)
          }}
        />,
      ),
    )
    await act(() => setKey('a'))
    await settle(() => calls[0]!.resolve('A'))
    await act(() => setKey('b'))
    await settle(() => calls[1]!.resolve('B'))
    await settle(() => mutate())
    expect(fetcher).toHaveBeenCalledTimes(3)
    await settle(() => calls[2]!.resolve('B2'))
    expect(screen.getByTestId('page').textContent).toBe('B2')
    expect(mutates.size).toBe(1)
  })
})

describe('the global mutate with a key filter', () => {
  it('mutates every key the filter picks, given each key as the hook gave it', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    render(
      wrap(
        <>
          <Probe name="orders" id={['/api/orders', 1]} fetcher={fetcher} />
          <Probe name="user" id="/api/user" fetcher={fetcher} />
          <Probe name="other" id="/other" fetcher={fetcher} />
        </>,
      ),
    )
    await settle(() => {
      for (const [i, call] of calls.entries()) call.resolve(`v${i}`)
    })
    const filter = vi.fn((key: ReadyKey) =>
      (Array.isArray(key) ? String(key[0]) : (key as string)).startsWith('/api/'),
    )
    let done!: Promise<(string | undefined)[]>
    await settle(() => {
      done = mutateKeys<string>(shared, filter, 'changed', false)
    })
    await expect(done).resolves.toEqual(['changed', 'changed'])
    expect(filter.mock.calls.map(([key]) => key)).toEqual([
      ['/api/orders', 1],
      '/api/user',
      '/other',
    ])
    expect(screen.getByTestId('orders').textContent).toBe('orders: data=changed')
    expect(screen.getByTestId('user').textContent).toBe('user: data=changed')
    expect(screen.getByTestId('other').textContent).toBe('other: data=v2')
  })

  it('without data, fetches every picked key again, once per key', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    render(
      wrap(
        <>
          <Probe name="a" id="a" fetcher={fetcher} />
          <Probe name="b" id="b" fetcher={fetcher} />
        </>,
      ),
    )
    await settle(() => {
      for (const call of calls) call.resolve('v1')
    })
    await settle(() => void mutateKeys(shared, () => true))
    expect(fetcher).toHaveBeenCalledTimes(4)
  })

  it('on sign-out, no user’s data survives: not shown, not kept, not in flight, not kept by shareFor', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const shared = new SharedCall({ shareFor: 60_000 })
    const { wrap } = withInstance(shared)
    const page = () =>
      wrap(
        <>
          <Probe name="me" id="/api/me" fetcher={fetcher} />
          <Probe name="orders" id="/api/orders" fetcher={fetcher} />
        </>,
      )
    const first = render(page())
    await settle(() => calls[0]!.resolve('alice'))
    // A fetch of alice's orders is still running at sign-out.
    await settle(() => void mutateKeys(shared, () => true, undefined, { revalidate: false }))
    expect(screen.getByTestId('me').textContent).toBe('me:')
    await settle(() => calls[1]!.resolve('alice’s orders'))
    expect(screen.getByTestId('orders').textContent).toBe('orders:')
    first.unmount()
    await act(() => passGraceTick())

    // Bob signs in: every key loads anew, though the core keeps alice’s answer for shareFor.
    render(page())
    expect(screen.getByTestId('me').textContent).toBe('me: loading')
    await passFrame()
    expect(fetcher).toHaveBeenCalledTimes(4)
    await settle(() => {
      calls[2]!.resolve('bob')
      calls[3]!.resolve('bob’s orders')
    })
    expect(screen.getByTestId('me').textContent).toBe('me: data=bob')
    for (const entry of storeOf(shared).entries.values()) expect(entry.state.data).toMatch(/bob/)
  })

  it('a filter that picks nothing resolves with no results', async () => {
    const shared = new SharedCall()
    await mutateKeys(shared, 'k', 'x', false)
    await expect(mutateKeys(shared, () => false, 'y')).resolves.toEqual([])
    expect(storeOf(shared).entries.get('k')?.state.data).toBe('x')
  })

  it('a filter that throws rejects the promise mutate returns (no throw from the call), and changes nothing', async () => {
    const shared = new SharedCall()
    await mutateKeys(shared, 'k', 'x', false)
    const broken = new Error('the filter broke')
    let done: Promise<unknown> | undefined
    expect(() => {
      done = mutateKeys(
        shared,
        () => {
          throw broken
        },
        'y',
      )
    }).not.toThrow()
    await expect(done).rejects.toBe(broken)
    expect(storeOf(shared).entries.get('k')?.state.data).toBe('x')
  })
})

describe('mutate across the dedupingInterval', () => {
  it('a key mutated within the interval keeps its mutated data when a component mounts', async () => {
    useFakeClock()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let mutate!: Mutate<string>
    const first = <Probe name="a" id="k" fetcher={fetcher} onMutate={(m) => (mutate = m)} />
    const view = render(wrap(first))
    await settle(() => calls[0]!.resolve('server'))
    await settle(() => mutate('local', false))
    view.rerender(
      wrap(
        <>
          {first}
          <Probe name="b" id="k" fetcher={fetcher} />
        </>,
      ),
    )
    await passFrame()
    expect(screen.getByTestId('b').textContent).toBe('b: data=local')
    expect(fetcher).toHaveBeenCalledOnce()
    await pastDeduping()
  })
})
