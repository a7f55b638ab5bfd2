// Key functions (conditional fetching, as in SWR), empty keys, and plain
// objects as keys, compared by value.
import { render, screen } from '@testing-library/react'
import { encodeKey } from 'shared-call'
import { describe, expect, it, vi } from 'vitest'
import { controlledFetcher, Probe, settle, withInstance } from './harness'

interface User {
  id: number
}

describe('a key function', () => {
  it("waits while it throws (the user isn't there yet), then fetches the key it returns", async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const ordersOf = (user?: User) => () => ['orders', user!.id]
    const view = render(wrap(<Probe id={ordersOf(undefined)} fetcher={fetcher} />))
    // Not ready: no fetch, no error, not loading.
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
    expect(fetcher).not.toHaveBeenCalled()

    view.rerender(wrap(<Probe id={ordersOf({ id: 7 })} fetcher={fetcher} />))
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(fetcher.mock.calls[0]![1]).toEqual(['orders', 7])
    await settle(() => calls[0]!.resolve('seven'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=seven')
    expect(shared.getStats().misses).toBe(1)
  })

  it('returning null, undefined or false means "not yet", like a null key', () => {
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    render(
      wrap(
        <>
          <Probe name="a" id={() => null} fetcher={fetcher} />
          <Probe name="b" id={() => undefined} fetcher={fetcher} />
          <Probe name="c" id={() => false} fetcher={fetcher} />
        </>,
      ),
    )
    expect(fetcher).not.toHaveBeenCalled()
    expect(screen.getByTestId('c').textContent).toBe('c:')
  })

  it('is called on each render: a new closure of the same key is one key, a new key fetches', async () => {
    const fetcher = vi.fn(async (_signal: AbortSignal, key: unknown) => String(key))
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id={() => '/first'} fetcher={fetcher} />))
    await settle(() => view.rerender(wrap(<Probe id={() => '/first'} fetcher={fetcher} />)))
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => view.rerender(wrap(<Probe id={() => '/second'} fetcher={fetcher} />)))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=/second')
    expect(fetcher).toHaveBeenCalledTimes(2)
  })
})

describe('an empty key', () => {
  it.each([
    ['the empty string', ''],
    ['the empty array', []],
  ])('%s resets the state: nothing loading, no data, no fetch', async (_, empty) => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
    view.rerender(wrap(<Probe id={empty} fetcher={fetcher} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
    await settle(() => calls[0]!.resolve('late'))
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
    expect(fetcher).toHaveBeenCalledTimes(1)
  })
})

describe('an object key', () => {
  it('is compared by value: built anew, or with its properties in another order, it is one key', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    render(
      wrap(
        <>
          <Probe
            name="a"
            id={{ url: '/api/items', query: { page: 2, size: 10 } }}
            fetcher={fetcher}
          />
          <Probe
            name="b"
            id={{ query: { size: 10, page: 2 }, url: '/api/items' }}
            fetcher={fetcher}
          />
          <Probe
            name="c"
            id={{ url: '/api/items', query: { page: 3, size: 10 } }}
            fetcher={fetcher}
          />
        </>,
      ),
    )
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(fetcher.mock.calls[0]![1]).toEqual({ url: '/api/items', query: { page: 2, size: 10 } })
    await settle(() => calls[0]!.resolve('page 2'))
    expect(screen.getByTestId('b').textContent).toBe('b: data=page 2')
    expect(screen.getByTestId('c').textContent).toBe('c: loading')
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 1 })
  })

  it('never meets a string that looks like its encoding', () => {
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    const object = { id: 1 }
    render(
      wrap(
        <>
          <Probe name="object" id={object} fetcher={fetcher} />
          <Probe name="string" id={encodeKey(object)} fetcher={fetcher} />
        </>,
      ),
    )
    expect(fetcher).toHaveBeenCalledTimes(2)
  })
})
