import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { controlledFetcher, Probe, settle, withInstance } from './harness'

describe('useSharedCall coalesces components of one key', () => {
  it('runs one fetch for 50 components and shows its answer in each', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const names = Array.from({ length: 50 }, (_, i) => `c${i}`)
    render(wrap(names.map((name) => <Probe key={name} name={name} id="a" fetcher={fetcher} />)))

    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(screen.getByTestId('c49').textContent).toBe('c49: loading')
    // Each component is one caller of the core: one miss, then 49 that joined.
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 49, active: 1 })

    await settle(() => calls[0]!.resolve('x'))
    for (const name of names) expect(screen.getByTestId(name).textContent).toBe(`${name}: data=x`)
    expect(shared.getStats().active).toBe(0)
  })

  it('runs one fetch per distinct key', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(
      wrap(
        <>
          <Probe name="a1" id="a" fetcher={fetcher} />
          <Probe name="b1" id="b" fetcher={fetcher} />
          <Probe name="a2" id="a" fetcher={fetcher} />
        </>,
      ),
    )
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve('B'))
    expect(screen.getByTestId('a2').textContent).toBe('a2: loading')
    expect(screen.getByTestId('b1').textContent).toBe('b1: data=B')
  })

  it('treats equal array keys as one key, even when built anew on each render', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(
      wrap(
        <>
          <Probe name="p" id={['user', { id: 1, tab: 'x' }]} fetcher={fetcher} />
          <Probe name="q" id={['user', { tab: 'x', id: 1 }]} fetcher={fetcher} />
        </>,
      ),
    )
    view.rerender(
      wrap(
        <>
          <Probe name="p" id={['user', { id: 1, tab: 'x' }]} fetcher={fetcher} />
          <Probe name="q" id={['user', { tab: 'x', id: 1 }]} fetcher={fetcher} />
        </>,
      ),
    )
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => calls[0]!.resolve('u1'))
    expect(screen.getByTestId('q').textContent).toBe('q: data=u1')
  })

  it('joins work started with shared.run on the same key', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const direct = shared.run('a', fetcher)
    render(wrap(<Probe id="a" fetcher={fetcher} />))
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => calls[0]!.resolve('x'))
    await expect(direct).resolves.toBe('x')
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=x')
  })

  it('does not start a new fetch when the parent re-renders with a new inline fetcher', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id="a" fetcher={(signal) => fetcher(signal)} />))
    view.rerender(wrap(<Probe id="a" fetcher={(signal) => fetcher(signal)} />))
    await settle(() => calls[0]!.resolve('x'))
    view.rerender(wrap(<Probe id="a" fetcher={(signal) => fetcher(signal)} />))
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=x')
  })

  it('fetches nothing for a null key, and starts when the key arrives', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Probe id={null} fetcher={fetcher} />))
    expect(fetcher).not.toHaveBeenCalled()
    expect(screen.getByTestId('probe').textContent).toBe('probe:')

    view.rerender(wrap(<Probe id="a" fetcher={fetcher} />))
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(screen.getByTestId('probe').textContent).toBe('probe: loading')
    await settle(() => calls[0]!.resolve('x'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=x')
  })
})
