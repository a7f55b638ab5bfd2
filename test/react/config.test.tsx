// Config as context: useSharedCallConfig() reads what the hooks of a component
// get; nested providers extend their parent, a function replaces it.
import { render, screen } from '@testing-library/react'
import { useEffect, useState } from 'react'
import { defaultSharedCall, SharedCall } from 'shared-call'
import {
  defaultOptions,
  type SharedCallConfig,
  SharedCallProvider,
  useSharedCallConfig,
} from 'shared-call/react'
import { describe, expect, it } from 'vitest'
import { controlledFetcher, Probe, settle } from './harness'

function Reader({ onRead }: { onRead: (config: SharedCallConfig) => void }) {
  onRead(useSharedCallConfig())
  return null
}

/** Adds the config of each of its commits to `seen`; re-renders when `onBump`'s function is called. */
function Rerendered(props: { seen: Set<SharedCallConfig>; onBump: (bump: () => void) => void }) {
  const config = useSharedCallConfig()
  const [, setCount] = useState(0)
  props.onBump(() => setCount((n) => n + 1))
  useEffect(() => {
    props.seen.add(config)
  })
  return null
}

describe('useSharedCallConfig', () => {
  it('without a provider: the defaults, defaultSharedCall, no fallback, and mutate on it', () => {
    let config!: SharedCallConfig
    render(<Reader onRead={(c) => (config = c)} />)
    const { shared, fallback, mutate, ...options } = config
    expect(options).toEqual(defaultOptions)
    expect(shared).toBe(defaultSharedCall)
    expect(fallback).toEqual({})
    expect(typeof mutate).toBe('function')
    expect(Object.isFrozen(defaultOptions)).toBe(true)
  })

  it('nested providers extend their parent: options and fallback merged, the nearest wins', () => {
    let config!: SharedCallConfig
    const inner = new SharedCall()
    render(
      <SharedCallProvider options={{ refreshInterval: 1000, gcTime: 10 }} fallback={{ a: 1, b: 1 }}>
        <SharedCallProvider value={inner} options={{ gcTime: 20 }} fallback={{ a: 2, c: 2 }}>
          <Reader onRead={(c) => (config = c)} />
        </SharedCallProvider>
      </SharedCallProvider>,
    )
    expect(config).toMatchObject({ refreshInterval: 1000, gcTime: 20, revalidateOnFocus: true })
    expect(config.fallback).toEqual({ a: 2, b: 1, c: 2 })
    expect(config.shared).toBe(inner)
  })

  it('a function as options receives the parent provider’s and replaces them', () => {
    let config!: SharedCallConfig
    render(
      <SharedCallProvider options={{ refreshInterval: 1000, errorRetryCount: 1 }}>
        <SharedCallProvider
          options={(parent) => ({ errorRetryCount: (parent.errorRetryCount as number) + 2 })}
        >
          <Reader onRead={(c) => (config = c)} />
        </SharedCallProvider>
      </SharedCallProvider>,
    )
    expect(config.errorRetryCount).toBe(3)
    // Not merged: the parent's refreshInterval is gone, the default is back.
    expect(config.refreshInterval).toBe(0)
  })

  it("the hooks below use the function's options", async () => {
    const { fetcher } = controlledFetcher()
    render(
      <SharedCallProvider value={new SharedCall()} options={{ enabled: true }}>
        <SharedCallProvider options={() => ({ enabled: false })}>
          <Probe id="k" fetcher={fetcher} />
        </SharedCallProvider>
      </SharedCallProvider>,
    )
    await settle(() => {})
    expect(fetcher).not.toHaveBeenCalled()
    expect(screen.getByTestId('probe').textContent).toBe('probe:')
  })

  it('is the same object across re-renders while no provider above changes', async () => {
    const seen = new Set<SharedCallConfig>()
    let bump = () => {}
    render(
      <SharedCallProvider options={{ revalidateOnFocus: false }}>
        <Rerendered seen={seen} onBump={(b) => (bump = b)} />
      </SharedCallProvider>,
    )
    await settle(() => bump())
    await settle(() => bump())
    expect(seen.size).toBe(1)
  })

  it("its mutate reaches the keys of the provider's instance", async () => {
    const shared = new SharedCall()
    let config!: SharedCallConfig
    const { fetcher, calls } = controlledFetcher()
    render(
      <SharedCallProvider value={shared}>
        <Reader onRead={(c) => (config = c)} />
        <Probe id="k" fetcher={fetcher} />
      </SharedCallProvider>,
    )
    await settle(() => calls[0]!.resolve('v1'))
    await settle(() => config.mutate('k', 'set here', false))
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=set here')
  })
})
