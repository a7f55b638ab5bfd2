// mutate(key, …) and preload(key, fetcher) outside components: they reach the
// keys of the instance given first, or of defaultSharedCall.
import { render, screen } from '@testing-library/react'
import { defaultSharedCall, SharedCall } from 'shared-call'
import { mutate, preload } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { storeOf } from '../../src/react/key-store'
import { deferred } from '../support/deferred'
import {
  controlledFetcher,
  Probe,
  passFrame,
  settle,
  useFakeTimeouts,
  withInstance,
} from './harness'

describe('global mutate', () => {
  it('reaches every mounted component of the key under the instance given first', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    render(
      wrap(
        <>
          <Probe name="a" id={['user', 1]} fetcher={fetcher} />
          <Probe name="b" id={['user', 1]} fetcher={fetcher} />
          <Probe name="other" id={['user', 2]} fetcher={fetcher} />
        </>,
      ),
    )
    await settle(() => calls[0]!.resolve('Ada'))
    await settle(() => void mutate(shared, ['user', 1], 'Ada L.', false))
    expect(screen.getByTestId('a').textContent).toBe('a: data=Ada L.')
    expect(screen.getByTestId('b').textContent).toBe('b: data=Ada L.')
    expect(screen.getByTestId('other').textContent).toBe('other: loading')

    // Without the instance, defaultSharedCall's keys: not these.
    await settle(() => void mutate(['user', 1], 'elsewhere', false))
    expect(screen.getByTestId('a').textContent).toBe('a: data=Ada L.')
  })

  it('mutate(key) fetches the key again for its components, and resolves with the answer', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    await settle(() => calls[0]!.resolve('v1'))
    let done!: Promise<unknown>
    await settle(() => {
      done = mutate(shared, 'k')
    })
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve('v2'))
    await expect(done).resolves.toBe('v2')
  })

  it('sets data for a key nobody shows yet: the next component shows it at once, kept for gcTime', async () => {
    useFakeTimeouts()
    const { fetcher } = controlledFetcher()
    const { shared, wrap } = withInstance()
    await mutate(shared, 'k', 'primed')
    expect(storeOf(shared).entries.get('k')?.state.data).toBe('primed')
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=primed')
    // It revalidates in the background from the next frame.
    await passFrame()
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=primed validating')
    expect(fetcher).toHaveBeenCalledOnce()
  })

  it('drops what it set for a key nobody shows after the default gcTime', async () => {
    useFakeTimeouts()
    const shared = new SharedCall()
    await mutate(shared, 'k', 'primed')
    vi.advanceTimersByTime(5 * 60_000 - 1)
    expect(storeOf(shared).entries.size).toBe(1)
    vi.advanceTimersByTime(1)
    expect(storeOf(shared).entries.size).toBe(0)
  })

  it('mutate(key) of a key nobody shows creates nothing and resolves undefined', async () => {
    const shared = new SharedCall()
    await expect(mutate(shared, 'nobody')).resolves.toBeUndefined()
    expect(storeOf(shared).entries.size).toBe(0)
    await expect(mutate(shared, null)).resolves.toBeUndefined()
  })

  it('a bad key throws a TypeError', () => {
    expect(() => mutate(42 as never)).toThrow(
      'shared-call: mutate key must be a non-empty string without lone surrogates, an array, a plain object or null, got 42',
    )
  })
})

describe('preload', () => {
  it('components that mount while it runs join its fetch: one fetch', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const preloaded = preload(shared, ['user', 1], fetcher)
    render(
      wrap(
        <>
          <Probe name="a" id={['user', 1]} fetcher={fetcher} />
          <Probe name="b" id={['user', 1]} fetcher={fetcher} />
        </>,
      ),
    )
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 2 })
    await settle(() => calls[0]!.resolve('Ada'))
    await expect(preloaded).resolves.toBe('Ada')
    expect(screen.getByTestId('b').textContent).toBe('b: data=Ada')
  })

  it('components that mount after it answered show the data at once, without fetching again', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const preloaded = preload(shared, 'k', fetcher)
    await settle(() => calls[0]!.resolve('early'))
    await preloaded
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=early')
    await settle(() => {})
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('uses defaultSharedCall without an instance, the one hooks without a provider use', async () => {
    const gate = deferred<string>()
    const fetcher = () => gate.promise
    const key = 'global.test:default'
    const preloaded = preload(key, fetcher)
    render(<Probe id={key} fetcher={fetcher} />)
    expect(defaultSharedCall.size).toBeGreaterThan(0)
    await settle(() => gate.resolve('shared'))
    await expect(preloaded).resolves.toBe('shared')
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=shared')
  })

  it('a failed preload is no unhandled rejection, and the next mount fetches again', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    preload(shared, 'k', fetcher) // ignored, as on hover
    await settle(() => calls[0]!.reject(new Error('offline')))
    render(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve('back'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=back')
  })

  it('bad arguments throw a TypeError', () => {
    expect(() => preload(null, async () => 1)).toThrow(
      'shared-call: preload key must be a non-empty string without lone surrogates, an array or a plain object, got null',
    )
    expect(() => preload(42 as never, async () => 1)).toThrow(
      'shared-call: preload key must be a non-empty string without lone surrogates, an array or a plain object, got 42',
    )
    expect(() => preload('k', 'nope' as never)).toThrow(
      'shared-call: preload fetcher must be a function (signal, key) => data, got "nope"',
    )
  })
})
