import { render, screen } from '@testing-library/react'
import { defaultSharedCall, SharedCall } from 'shared-call'
import { SharedCallProvider, useSharedCallInstance, useSharedCallStats } from 'shared-call/react'
import { describe, expect, it } from 'vitest'
import { controlledFetcher, Probe, settle } from './harness'

function Stats({ name = 'stats' }: { name?: string }) {
  const { hits, misses, errors, active, hitRate } = useSharedCallStats()
  return (
    <p data-testid={name}>
      hits={hits} misses={misses} errors={errors} active={active} rate={hitRate}
    </p>
  )
}

function InstanceReader({ onRead }: { onRead: (shared: SharedCall) => void }) {
  onRead(useSharedCallInstance())
  return null
}

describe('SharedCallProvider', () => {
  it('gives the hooks below it their own instance: no sharing across providers', () => {
    const { fetcher } = controlledFetcher()
    const one = new SharedCall()
    const two = new SharedCall()
    render(
      <>
        <SharedCallProvider value={one}>
          <Probe name="a" id="k" fetcher={fetcher} />
        </SharedCallProvider>
        <SharedCallProvider value={two}>
          <Probe name="b" id="k" fetcher={fetcher} />
        </SharedCallProvider>
      </>,
    )
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(one.getStats().misses).toBe(1)
    expect(two.getStats().misses).toBe(1)
  })

  it('uses the nearest provider', () => {
    const outer = new SharedCall()
    const inner = new SharedCall()
    let seen: SharedCall | undefined
    render(
      <SharedCallProvider value={outer}>
        <SharedCallProvider value={inner}>
          <InstanceReader onRead={(shared) => (seen = shared)} />
        </SharedCallProvider>
      </SharedCallProvider>,
    )
    expect(seen).toBe(inner)
  })

  it('without a provider, uses defaultSharedCall (the one sharedFetch uses)', async () => {
    const { fetcher, calls } = controlledFetcher()
    const before = defaultSharedCall.getStats()
    render(
      <>
        <Probe name="a" id="provider.test:default" fetcher={fetcher} />
        <Probe name="b" id="provider.test:default" fetcher={fetcher} />
      </>,
    )
    // A direct run on the default instance joins the hook's fetch.
    const direct = defaultSharedCall.run('provider.test:default', fetcher)
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(defaultSharedCall.getStats().hits - before.hits).toBe(2)
    await settle(() => calls[0]!.resolve('x'))
    await expect(direct).resolves.toBe('x')
  })
})

describe('useSharedCallStats', () => {
  it('re-renders with every change of the stats', async () => {
    const { fetcher, calls } = controlledFetcher()
    const shared = new SharedCall()
    render(
      <SharedCallProvider value={shared}>
        <Stats />
        <Probe name="a" id="k" fetcher={fetcher} />
        <Probe name="b" id="k" fetcher={fetcher} />
        <Probe name="c" id="k" fetcher={fetcher} />
        <Probe name="d" id="j" fetcher={fetcher} />
      </SharedCallProvider>,
    )
    expect(screen.getByTestId('stats').textContent).toBe(
      'hits=2 misses=2 errors=0 active=2 rate=0.5',
    )
    await settle(() => calls[0]!.resolve('x'))
    await settle(() => calls[1]!.reject(new Error('down')))
    expect(screen.getByTestId('stats').textContent).toBe(
      'hits=2 misses=2 errors=1 active=0 rate=0.5',
    )
    await settle(() => shared.resetStats())
    expect(screen.getByTestId('stats').textContent).toBe('hits=0 misses=0 errors=0 active=0 rate=0')
  })

  it('follows the provider’s instance when it changes', async () => {
    const first = new SharedCall()
    const second = new SharedCall()
    await first.run('k', () => 1)
    const view = render(
      <SharedCallProvider value={first}>
        <Stats />
      </SharedCallProvider>,
    )
    expect(screen.getByTestId('stats').textContent).toContain('misses=1')
    view.rerender(
      <SharedCallProvider value={second}>
        <Stats />
      </SharedCallProvider>,
    )
    expect(screen.getByTestId('stats').textContent).toContain('misses=0')
    await settle(() => void second.run('k', () => 1))
    expect(screen.getByTestId('stats').textContent).toContain('misses=1')
  })
})
