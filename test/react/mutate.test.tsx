import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import {
  controlledFetcher,
  Probe,
  passGraceTick,
  settle,
  useFakeTimeouts,
  withInstance,
} from './harness'

type Mutate = (...data: [] | [string]) => void

/** Two components of key `k`; the first one's `mutate` is returned. */
const renderPair = (fetcher: (signal: AbortSignal) => Promise<string>) => {
  const { shared, wrap } = withInstance()
  let mutate: Mutate = () => {}
  render(
    wrap(
      <>
        <Probe name="a" id="k" fetcher={fetcher} onMutate={(m) => (mutate = m)} />
        <Probe name="b" id="k" fetcher={fetcher} />
      </>,
    ),
  )
  return { shared, mutate: (...data: [] | [string]) => settle(() => mutate(...data)) }
}

describe('mutate', () => {
  it('mutate() fetches again, once for every component of the key', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, mutate } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('v1'))

    await mutate()
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(screen.getByTestId('b').textContent).toBe('b: data=v1 validating')
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 2 })
    await settle(() => calls[1]!.resolve('v2'))
    expect(screen.getByTestId('a').textContent).toBe('a: data=v2')
    expect(screen.getByTestId('b').textContent).toBe('b: data=v2')
  })

  it('mutate() during a fetch drops its answer and aborts it once nobody waits', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { mutate } = renderPair(fetcher)
    await mutate()
    passGraceTick()
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(calls[0]!.signal.aborted).toBe(true)

    await settle(() => calls[0]!.resolve('stale'))
    expect(screen.getByTestId('a').textContent).toBe('a: loading')
    await settle(() => calls[1]!.resolve('fresh'))
    expect(screen.getByTestId('b').textContent).toBe('b: data=fresh')
  })

  it('mutate(data) shows the data in every component of the key without fetching', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate } = renderPair(fetcher)
    await settle(() => calls[0]!.resolve('server'))
    await mutate('local')
    expect(screen.getByTestId('a').textContent).toBe('a: data=local')
    expect(screen.getByTestId('b').textContent).toBe('b: data=local')
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('mutate(data) wins over the answer of a fetch that started before it', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate } = renderPair(fetcher)
    await mutate('local')
    await settle(() => calls[0]!.resolve('older'))
    expect(screen.getByTestId('b').textContent).toBe('b: data=local')
  })

  it('mutate(data) clears an error', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { mutate } = renderPair(fetcher)
    await settle(() => calls[0]!.reject(new Error('down')))
    await mutate('local')
    expect(screen.getByTestId('a').textContent).toBe('a: data=local')
  })

  it('mutate of a null key does nothing', async () => {
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    let mutate: Mutate = () => {}
    render(wrap(<Probe id={null} fetcher={fetcher} onMutate={(m) => (mutate = m)} />))
    await settle(() => mutate())
    await settle(() => mutate('x'))
    expect(fetcher).not.toHaveBeenCalled()
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
  })
})
