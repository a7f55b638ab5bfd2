import { act, render, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { encodeKey, SharedCall } from 'shared-call'
import { SharedCallProvider, useSharedCallStats } from 'shared-call/react'
import { describe, expect, it } from 'vitest'
import {
  controlledFetcher,
  Probe,
  passFrame,
  passGraceTick,
  settle,
  useFakeTimeouts,
  withInstance,
} from './harness'

function Stats() {
  const { misses } = useSharedCallStats()
  return <p data-testid="stats">misses={misses}</p>
}

describe('server rendering and hydration', () => {
  it('fetches nothing on the server and renders the loading state', () => {
    const { fetcher } = controlledFetcher()
    const { shared, wrap } = withInstance()
    const html = renderToString(wrap(<Probe id="k" fetcher={fetcher} />))
    expect(html).toContain('probe: loading')
    expect(fetcher).not.toHaveBeenCalled()
    expect(shared.getStats().misses).toBe(0)
  })

  it('hydrates without a mismatch, then fetches once on the client', async () => {
    const { fetcher, calls } = controlledFetcher()
    // The server's instance has counted calls the client's never saw.
    const server = new SharedCall()
    await server.run('warm-up', () => 'x')
    const app = (shared: SharedCall) =>
      withInstance(shared).wrap(
        <>
          <Probe id="k" fetcher={fetcher} />
          <Stats />
        </>,
      )
    const container = document.createElement('div')
    container.innerHTML = renderToString(app(server))
    document.body.append(container)

    const errors: unknown[] = []
    const root = await act(async () =>
      hydrateRoot(container, app(new SharedCall()), {
        onRecoverableError: (error) => errors.push(error),
      }),
    )
    expect(errors).toEqual([])
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(container.textContent).toContain('misses=1')
    await settle(() => calls[0]!.resolve('x'))
    expect(container.textContent).toContain('probe: data=x')
    act(() => root.unmount())
    container.remove()
  })
})

describe('SharedCallProvider fallback: server data, hydrated as it is', () => {
  /** The server's markup, then the client hydrated over it: markup, errors and fetches. */
  const hydrate = async (app: (shared: SharedCall) => ReactNode) => {
    const html = renderToString(app(new SharedCall()))
    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const errors: unknown[] = []
    const shared = new SharedCall()
    const root = await act(async () =>
      hydrateRoot(container, app(shared), { onRecoverableError: (error) => errors.push(error) }),
    )
    return { html, container, errors, shared, root }
  }

  it('SSR markup equals the first client render; hydration matches and nothing is fetched', async () => {
    const { fetcher } = controlledFetcher()
    const user = { name: 'Ada' }
    const names = Array.from({ length: 20 }, (_, i) => `c${i}`)
    const app = (shared: SharedCall) => (
      <SharedCallProvider value={shared} fallback={{ '/api/user': user.name }}>
        {names.map((name) => (
          <Probe key={name} name={name} id="/api/user" fetcher={fetcher} />
        ))}
        <Stats />
      </SharedCallProvider>
    )
    const { html, container, errors, shared, root } = await hydrate(app)
    expect(html).toContain('c19: data=Ada')
    expect(html).not.toContain('loading')
    expect(container.innerHTML).toBe(html)
    // And a client render from scratch (no hydration) draws the same first
    // frame (the server marks text boundaries with comments).
    const fresh = render(app(new SharedCall()))
    expect(fresh.container.innerHTML).toBe(html.replaceAll('<!-- -->', ''))
    expect(errors).toEqual([])
    expect(fetcher).not.toHaveBeenCalled()
    expect(shared.getStats().misses).toBe(0)
    act(() => root.unmount())
  })

  it('the client fetches when a trigger says so (focus), once for all components', async () => {
    const { fetcher, calls } = controlledFetcher()
    const app = (shared: SharedCall) => (
      <SharedCallProvider value={shared} fallback={{ k: 'from server' }}>
        <Probe name="a" id="k" fetcher={fetcher} />
        <Probe name="b" id="k" fetcher={fetcher} />
      </SharedCallProvider>
    )
    const { container, root } = await hydrate(app)
    await act(async () => void window.dispatchEvent(new Event('focus')))
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(container.textContent).toContain('a: data=from server validating')
    await settle(() => calls[0]!.resolve('fresh'))
    expect(container.textContent).toContain('b: data=fresh')
    act(() => root.unmount())
  })

  it('takes array keys as encodeKey(key); a string key that looks like one is another key', async () => {
    const { fetcher } = controlledFetcher()
    const app = (shared: SharedCall) => (
      <SharedCallProvider value={shared} fallback={{ [encodeKey(['user', 1])]: 'Ada' }}>
        <Probe name="array" id={['user', 1]} fetcher={fetcher} />
        <Probe name="string" id={encodeKey(['user', 1])} fetcher={fetcher} />
      </SharedCallProvider>
    )
    const { html, errors, root } = await hydrate(app)
    expect(html).toContain('array: data=Ada')
    expect(html).toContain('string: loading')
    expect(errors).toEqual([])
    expect(fetcher).toHaveBeenCalledTimes(1) // the string key only
    act(() => root.unmount())
  })

  it('a nested provider keeps the instance and merges its fallback over the parent’s', () => {
    const { fetcher } = controlledFetcher()
    const shared = new SharedCall()
    const html = renderToString(
      <SharedCallProvider value={shared} fallback={{ a: 'A', b: 'B' }}>
        <SharedCallProvider fallback={{ b: 'B2' }}>
          <Probe name="a" id="a" fetcher={fetcher} />
          <Probe name="b" id="b" fetcher={fetcher} />
          <Probe name="c" id="c" fetcher={fetcher} />
        </SharedCallProvider>
      </SharedCallProvider>,
    )
    expect(html).toContain('a: data=A')
    expect(html).toContain('b: data=B2')
    expect(html).toContain('c: loading')
  })

  it('fallback counts as fresh until every component that showed it has gone', async () => {
    useFakeTimeouts()
    const { fetcher } = controlledFetcher()
    const shared = new SharedCall()
    const wrap = (children: ReactNode) => (
      <SharedCallProvider value={shared} fallback={{ k: 'server' }}>
        {children}
      </SharedCallProvider>
    )
    const view = render(wrap(<Probe name="a" id="k" fetcher={fetcher} />))
    view.rerender(
      wrap(
        <>
          <Probe name="a" id="k" fetcher={fetcher} />
          <Probe name="b" id="k" fetcher={fetcher} />
        </>,
      ),
    )
    expect(fetcher).not.toHaveBeenCalled()
    view.unmount()
    passGraceTick()
    render(wrap(<Probe name="c" id="k" fetcher={fetcher} />))
    await passFrame()
    expect(fetcher).toHaveBeenCalledTimes(1) // kept data, no longer fresh: revalidated
  })
})

describe('SharedCallProvider options', () => {
  it('sets defaults for the hooks below; their own options win', async () => {
    useFakeTimeouts()
    const { fetcher } = controlledFetcher()
    const shared = new SharedCall()
    render(
      <SharedCallProvider value={shared} options={{ enabled: false }}>
        <Probe name="off" id="k" fetcher={fetcher} />
        <SharedCallProvider options={{ fallbackData: 'fb' }}>
          <Probe name="inner" id="j" fetcher={fetcher} options={{ enabled: true }} />
        </SharedCallProvider>
      </SharedCallProvider>,
    )
    expect(screen.getByTestId('off').textContent).toBe('off:')
    expect(screen.getByTestId('inner').textContent).toBe('inner: data=fb validating')
    expect(fetcher).toHaveBeenCalledTimes(1)
  })
})
