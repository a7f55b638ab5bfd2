// SWRConfig and useSWRConfig: SWR's defaults, nested configs, provider.
import { render, screen } from '@testing-library/react'
import { useEffect, useState } from 'react'
import { SharedCall } from 'shared-call'
import { SharedCallProvider, useSharedCall, useSharedCallConfig } from 'shared-call/react'
import useSWR, {
  type FullConfiguration,
  type Middleware,
  mutate,
  SWRConfig,
  unload,
  useSWRConfig,
} from 'shared-call/swr'
import { describe, expect, it, vi } from 'vitest'
import { settle } from '../react/harness'

function Reader({ onRead }: { onRead: (config: FullConfiguration) => void }) {
  onRead(useSWRConfig())
  return null
}

function Value({ swrKey }: { swrKey: string }) {
  const { data } = useSWR<string>(swrKey)
  return <p data-testid={swrKey}>{data ?? '-'}</p>
}

/** Adds its config to `seen` on each commit; `onBump`'s function re-renders it. */
function Rerendered(props: { seen: Set<unknown>; onBump: (bump: () => void) => void }) {
  const config = useSWRConfig()
  const [, setCount] = useState(0)
  props.onBump(() => setCount((n) => n + 1))
  useEffect(() => {
    props.seen.add(config)
  })
  return null
}

/** A `useSharedCall` with no fetcher of its own, telling `onConfig` what it is given. */
function Hook({
  onConfig,
}: {
  onConfig: (config: ReturnType<typeof useSharedCallConfig>) => void
}) {
  onConfig(useSharedCallConfig())
  const { data } = useSharedCall<string>('/a')
  return <p data-testid="hook">{data}</p>
}

const middleware: Middleware = (next) => (key, fetcher, config) => next(key, fetcher, config)
const other: Middleware = (next) => (key, fetcher, config) => next(key, fetcher, config)

describe('SWRConfig and useSWRConfig', () => {
  it('without a SWRConfig, useSWRConfig() is SWRConfig.defaultValue, with the global mutate', () => {
    let config!: FullConfiguration
    render(<Reader onRead={(c) => (config = c)} />)
    expect(config).toEqual(SWRConfig.defaultValue)
    expect(config.mutate).toBe(mutate)
    expect(config.unload).toBe(unload)
    expect(SWRConfig.defaultValue).toMatchObject({
      dedupingInterval: 2000,
      errorRetryInterval: 5000,
      focusThrottleInterval: 5000,
      loadingTimeout: 3000,
      revalidateOnFocus: true,
      revalidateOnReconnect: true,
      revalidateIfStale: true,
      shouldRetryOnError: true,
      fallback: {},
    })
    expect(config.compare({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true)
    expect(config.compare({ a: 1 }, { a: 2 })).toBe(false)
  })

  it('nested configs extend their parent: options over, fallback merged, use appended', () => {
    let config!: FullConfiguration
    render(
      <SWRConfig
        value={{
          dedupingInterval: 1,
          refreshInterval: 1,
          fallback: { a: 1, b: 1 },
          use: [middleware],
        }}
      >
        <SWRConfig value={{ dedupingInterval: 2, fallback: { a: 2, c: 2 }, use: [other] }}>
          <Reader onRead={(c) => (config = c)} />
        </SWRConfig>
      </SWRConfig>,
    )
    expect(config.dedupingInterval).toBe(2)
    expect(config.refreshInterval).toBe(1)
    expect(config.fallback).toEqual({ a: 2, b: 1, c: 2 })
    expect(config.use).toEqual([middleware, other])
  })

  it('a function as value gets the parent config and replaces it', () => {
    let config!: FullConfiguration
    render(
      <SWRConfig value={{ dedupingInterval: 1, refreshInterval: 1, use: [middleware] }}>
        <SWRConfig
          value={(parent) => ({
            dedupingInterval: 2 + (parent.dedupingInterval ?? 0),
            use: [other],
          })}
        >
          <Reader onRead={(c) => (config = c)} />
        </SWRConfig>
      </SWRConfig>,
    )
    expect(config.dedupingInterval).toBe(3)
    expect(config.refreshInterval).toBeUndefined()
    expect(config.use).toEqual([other])
  })

  it('is the same object across re-renders', async () => {
    const seen = new Set<unknown>()
    let bump = () => {}
    render(
      <SWRConfig value={{ revalidateOnFocus: false }}>
        <Rerendered seen={seen} onBump={(b) => (bump = b)} />
      </SWRConfig>,
    )
    await settle(() => bump())
    await settle(() => bump())
    expect(seen.size).toBe(1)
  })

  it("provider gives the subtree a cache of its own; useSWRConfig().mutate reaches that one's keys", async () => {
    let inside!: FullConfiguration
    const outside = new SharedCall()
    render(
      <SharedCallProvider value={outside}>
        <Value swrKey="k" />
        <SWRConfig value={{ provider: () => new Map() }}>
          <div data-testid="inside">
            <Value swrKey="k" />
          </div>
          <Reader onRead={(c) => (inside = c)} />
        </SWRConfig>
      </SharedCallProvider>,
    )
    await settle(() => inside.mutate('k', 'set inside', false))
    expect(screen.getByTestId('inside').textContent).toBe('set inside')
    expect(screen.getAllByTestId('k').map((p) => p.textContent)).toEqual(['-', 'set inside'])
  })

  it("useSWRConfig().unload empties the provider's cache only (SWR 2.5's sign-out)", async () => {
    let inside!: FullConfiguration
    render(
      <>
        <Value swrKey="u" />
        <SWRConfig value={{ provider: () => new Map() }}>
          <div data-testid="inside">
            <Value swrKey="u" />
          </div>
          <Reader onRead={(c) => (inside = c)} />
        </SWRConfig>
      </>,
    )
    await settle(() => mutate('u', 'outside', false))
    await settle(() => inside.mutate('u', 'inside', false))
    expect(screen.getAllByTestId('u').map((p) => p.textContent)).toEqual(['outside', 'inside'])
    expect(inside.unload).not.toBe(unload)
    await settle(() => inside.unload({ revalidate: false }))
    expect(screen.getAllByTestId('u').map((p) => p.textContent)).toEqual(['outside', '-'])
    await settle(() => unload({ revalidate: false }))
    expect(screen.getAllByTestId('u').map((p) => p.textContent)).toEqual(['-', '-'])
  })

  it('its options reach useSharedCall below it too: one configuration for both entries', async () => {
    const fetcher = vi.fn(async (key: string) => `swr fetched ${key}`)
    let hookConfig!: ReturnType<typeof useSharedCallConfig>
    render(
      <SharedCallProvider value={new SharedCall()}>
        <SWRConfig value={{ fetcher, refreshInterval: 60_000 }}>
          <Hook onConfig={(c) => (hookConfig = c)} />
        </SWRConfig>
      </SharedCallProvider>,
    )
    await settle(() => {})
    expect(screen.getByTestId('hook').textContent).toBe('swr fetched /a')
    expect(hookConfig.refreshInterval).toBe(60_000)
  })
})
