import { act } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { SharedCall } from 'shared-call'
import { useSharedCallStats } from 'shared-call/react'
import { describe, expect, it } from 'vitest'
import { controlledFetcher, Probe, settle, withInstance } from './harness'

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
