import { act, render, screen } from '@testing-library/react'
import { Component, type ReactNode, StrictMode, Suspense } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { SharedCall } from 'shared-call'
import type { Mutate } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import {
  controlledFetcher,
  Probe,
  passGraceTick,
  settle,
  useFakeTimeouts,
  withInstance,
} from './harness'

/** Shows the error a child threw, until `reset` is called. */
class Boundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {}
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  static reset?: () => void
  override render() {
    if (this.state.error === undefined) return this.props.children
    Boundary.reset = () => this.setState({ error: undefined })
    return <p data-testid="caught">caught {String(this.state.error)}</p>
  }
}

const suspense = { suspense: true }

/** `children` under an error boundary and a `<Suspense>` that shows "fallback". */
const boundaries = (children: ReactNode) => (
  <Boundary>
    <Suspense fallback={<p data-testid="fallback">fallback</p>}>{children}</Suspense>
  </Boundary>
)

describe('suspense: true', () => {
  it('suspends every component of the key on one fetch, then shows its answer', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const names = Array.from({ length: 20 }, (_, i) => `c${i}`)
    render(
      wrap(
        boundaries(
          names.map((name) => (
            <Probe key={name} name={name} id="k" fetcher={fetcher} options={suspense} />
          )),
        ),
      ),
    )
    expect(screen.getByTestId('fallback')).toBeTruthy()
    expect(fetcher).toHaveBeenCalledOnce()

    await settle(() => calls[0]!.resolve('x'))
    for (const name of names) expect(screen.getByTestId(name).textContent).toBe(`${name}: data=x`)
    // Mounting after the answer takes it: no second fetch, no second miss.
    expect(fetcher).toHaveBeenCalledOnce()
    expect(shared.getStats().misses).toBe(1)
  })

  it('under StrictMode, fetches once', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(
      <StrictMode>
        {wrap(boundaries(<Probe id="k" fetcher={fetcher} options={suspense} />))}
      </StrictMode>,
    )
    await settle(() => calls[0]!.resolve('x'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=x')
    expect(fetcher).toHaveBeenCalledOnce()
  })

  it('throws the error to the error boundary; a reset a tick later fetches anew', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(boundaries(<Probe id="k" fetcher={fetcher} options={suspense} />)), {
      onCaughtError: () => {},
    })
    await settle(() => calls[0]!.reject(new Error('down')))
    expect(screen.getByTestId('caught').textContent).toBe('caught Error: down')
    expect(fetcher).toHaveBeenCalledOnce()

    passGraceTick()
    await settle(() => Boundary.reset!())
    expect(screen.getByTestId('fallback')).toBeTruthy()
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve('x'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=x')
  })

  it('calls onSuccess once, from the first component to mount, for the answer that ended the suspension', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const onSuccess = vi.fn()
    const options = { suspense: true, onSuccess }
    render(
      wrap(
        boundaries(
          <>
            <Probe name="a" id="k" fetcher={fetcher} options={options} />
            <Probe name="b" id="k" fetcher={fetcher} options={options} />
          </>,
        ),
      ),
    )
    await settle(() => calls[0]!.resolve('x'))
    expect(onSuccess.mock.calls).toEqual([['x', 'k', expect.objectContaining(options)]])
  })

  it('suspends a mounted component whose key changes, once, and fetches the new key once', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(boundaries(<Probe id="a" fetcher={fetcher} options={suspense} />)))
    await settle(() => calls[0]!.resolve('A'))
    view.rerender(wrap(boundaries(<Probe id="b" fetcher={fetcher} options={suspense} />)))
    expect(screen.getByTestId('fallback')).toBeTruthy()
    await settle(() => calls[1]!.resolve('B'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=B')
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('mutate() refetches without suspending again: the data stays on screen', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let mutate: Mutate<string> = async () => undefined
    render(
      wrap(
        boundaries(
          <Probe id="k" fetcher={fetcher} options={suspense} onMutate={(m) => (mutate = m)} />,
        ),
      ),
    )
    await settle(() => calls[0]!.resolve('v1'))
    await settle(() => mutate())
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v1 validating')
    await settle(() => calls[1]!.resolve('v2'))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v2')
  })

  it('mutate(data) is not undone by a component that mounts later', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let mutate: Mutate<string> = async () => undefined
    const first = (
      <Probe name="a" id="k" fetcher={fetcher} options={suspense} onMutate={(m) => (mutate = m)} />
    )
    const view = render(wrap(boundaries(first)))
    await settle(() => calls[0]!.resolve('server'))
    await settle(() => mutate('local'))
    view.rerender(
      wrap(
        boundaries(
          <>
            {first}
            <Probe name="b" id="k" fetcher={fetcher} options={suspense} />
          </>,
        ),
      ),
    )
    await settle(() => {})
    expect(screen.getByTestId('b').textContent).toBe('b: data=local validating')
  })

  it('does not suspend with fallbackData', () => {
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    render(
      wrap(
        boundaries(
          <Probe id="k" fetcher={fetcher} options={{ suspense: true, fallbackData: 'fb' }} />,
        ),
      ),
    )
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=fb validating')
    expect(fetcher).toHaveBeenCalledOnce()
  })

  it('does not suspend for a null key', () => {
    const { fetcher } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(boundaries(<Probe id={null} fetcher={fetcher} options={suspense} />)))
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
  })

  it('fetches nothing on the server: renderToString renders the loading state', () => {
    const { fetcher } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const html = renderToString(
      wrap(boundaries(<Probe id="k" fetcher={fetcher} options={suspense} />)),
    )
    expect(html).toContain('probe: loading')
    expect(fetcher).not.toHaveBeenCalled()
    expect(shared.getStats().misses).toBe(0)
  })

  it('hydrates the server’s loading state without a mismatch, then suspends and fetches once', async () => {
    const { fetcher, calls } = controlledFetcher()
    const app = (shared: SharedCall) =>
      withInstance(shared).wrap(boundaries(<Probe id="k" fetcher={fetcher} options={suspense} />))
    const container = document.createElement('div')
    container.innerHTML = renderToString(app(new SharedCall()))
    document.body.append(container)

    const errors: unknown[] = []
    const root = await act(async () =>
      hydrateRoot(container, app(new SharedCall()), {
        onRecoverableError: (error) => errors.push(error),
      }),
    )
    expect(errors).toEqual([])
    expect(fetcher).toHaveBeenCalledOnce()
    await settle(() => calls[0]!.resolve('x'))
    expect(container.textContent).toBe('probe: data=x')
    expect(fetcher).toHaveBeenCalledOnce()
    act(() => root.unmount())
    container.remove()
  })

  it('suspends on a key that a mounted component shows without fetching, with no update during render', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const idle = (
      <Probe name="idle" id="k" fetcher={fetcher} options={{ revalidateOnMount: false }} />
    )
    const view = render(wrap(boundaries(idle)))
    await settle(() => {})
    expect(screen.getByTestId('idle').textContent).toBe('idle:')
    view.rerender(
      wrap(
        boundaries(
          <>
            {idle}
            <Probe name="suspended" id="k" fetcher={fetcher} options={suspense} />
          </>,
        ),
      ),
    )
    expect(fetcher).toHaveBeenCalledOnce()
    await settle(() => calls[0]!.resolve('x'))
    expect(screen.getByTestId('suspended').textContent).toBe('suspended: data=x')
    expect(screen.getByTestId('idle').textContent).toBe('idle: data=x')
  })
})
