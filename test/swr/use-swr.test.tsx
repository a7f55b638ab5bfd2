// useSWR's signatures and semantics, mapped onto useSharedCall.
import { render, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { SharedCall } from 'shared-call'
import { SharedCallProvider } from 'shared-call/react'
import useSWR, { type Middleware, SWRConfig, type SWRConfiguration } from 'shared-call/swr'
import { SWRConfig as RealSWRConfig } from 'swr'
import { describe, expect, it, vi } from 'vitest'
import { Boundary } from '../react/boundary'
import { passGraceTick, settle, useFakeTimeouts } from '../react/harness'
import { deferred } from '../support/deferred'

/** Renders `children` under an instance of their own, so tests never share keys. */
const fresh = (children: ReactNode) =>
  render(<SharedCallProvider value={new SharedCall()}>{children}</SharedCallProvider>)

function Show({
  name = 'show',
  swrKey,
  fetcher,
  config,
}: {
  name?: string
  swrKey: unknown
  fetcher?: unknown
  config?: SWRConfiguration
}) {
  const args = [swrKey, ...(fetcher === undefined ? [] : [fetcher]), ...(config ? [config] : [])]
  const { data, error, isLoading, isValidating } = (
    useSWR as (...a: unknown[]) => ReturnType<typeof useSWR>
  )(...args)
  const parts = [`${name}:`]
  if (isLoading) parts.push('loading')
  if (data !== undefined) parts.push(`data=${JSON.stringify(data)}`)
  if (error !== undefined) parts.push(`error=${(error as Error).message}`)
  if (isValidating && !isLoading) parts.push('validating')
  return <p data-testid={name}>{parts.join(' ')}</p>
}

const text = (name = 'show') => screen.getByTestId(name).textContent

/** Adds each data object it renders to `seen`. */
function Doc(props: {
  fetcher: () => Promise<unknown>
  seen: Set<unknown>
  onMutate: (revalidate: () => Promise<unknown>) => void
}) {
  const { data, mutate } = useSWR('doc', props.fetcher)
  props.onMutate(() => mutate())
  if (data) props.seen.add(data)
  return null
}

/** The error a tree threw while rendering, as its error boundary saw it. */
const renderError = (tree: ReactNode): unknown => {
  const caught: unknown[] = []
  render(
    <SharedCallProvider value={new SharedCall()}>
      <Boundary caught={caught}>{tree}</Boundary>
    </SharedCallProvider>,
    { onCaughtError: () => {} },
  )
  return caught[0]
}

describe('useSWR(key, fetcher)', () => {
  it('calls the fetcher with the key, as SWR 2 does, and { signal } after it', async () => {
    const fetcher = vi.fn(async (url: string, _: { signal: AbortSignal }) => `got ${url}`)
    fresh(<Show swrKey="/api/user" fetcher={fetcher} />)
    expect(text()).toBe('show: loading')
    await settle(() => {})
    expect(text()).toBe('show: data="got /api/user"')
    expect(fetcher.mock.calls[0]![0]).toBe('/api/user')
    expect(fetcher.mock.calls[0]![1].signal).toBeInstanceOf(AbortSignal)
  })

  it('an array key reaches the fetcher as one argument; a key function as what it returns', async () => {
    const fetcher = vi.fn(async ([url, id]: [string, number]) => `${url}/${id}`)
    fresh(
      <>
        <Show name="array" swrKey={['/api/user', 1]} fetcher={fetcher} />
        <Show name="function" swrKey={() => ['/api/user', 2]} fetcher={fetcher} />
        <Show
          name="throws"
          swrKey={() => {
            throw new Error('not ready')
          }}
          fetcher={fetcher}
        />
      </>,
    )
    await settle(() => {})
    expect(text('array')).toBe('array: data="/api/user/1"')
    expect(text('function')).toBe('function: data="/api/user/2"')
    expect(text('throws')).toBe('throws:')
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('components of one key share one fetch, and its abort signal aborts when the last one leaves', () => {
    useFakeTimeouts()
    const calls: { signal: AbortSignal; resolve: (v: string) => void }[] = []
    const fetcher = vi.fn(
      (_key: string, { signal }: { signal: AbortSignal }) =>
        new Promise<string>((resolve) => calls.push({ signal, resolve })),
    )
    const view = fresh(
      <>
        <Show name="a" swrKey="k" fetcher={fetcher} />
        <Show name="b" swrKey="k" fetcher={fetcher} />
      </>,
    )
    expect(fetcher).toHaveBeenCalledTimes(1)
    view.unmount()
    expect(calls[0]!.signal.aborted).toBe(false)
    passGraceTick()
    expect(calls[0]!.signal.aborted).toBe(true)
  })

  it('useSWR(key) with no fetcher uses SWRConfig’s, and useSWR(key, null) too, as SWR does', async () => {
    const fetcher = vi.fn(async (key: string) => key.toUpperCase())
    fresh(
      <SWRConfig value={{ fetcher }}>
        <Show name="bare" swrKey="a" />
        <Show name="null" swrKey="b" fetcher={null} />
        <Show name="config" swrKey="c" fetcher={{ revalidateOnFocus: false }} />
      </SWRConfig>,
    )
    await settle(() => {})
    expect([text('bare'), text('null'), text('config')]).toEqual([
      'bare: data="A"',
      'null: data="B"',
      'config: data="C"',
    ])
  })

  it('with no fetcher anywhere, it is local state: not loading', () => {
    fresh(<Show swrKey="local" />)
    expect(text()).toBe('show:')
  })
})

describe('SWR semantics the hook does not have by default', () => {
  it('fallback is shown, fetched again on mount, and isLoading is true meanwhile (SWR ignores fallback for it)', async () => {
    const answer = deferred<string>()
    const fetcher = vi.fn(() => answer.promise)
    fresh(
      <SWRConfig value={{ fallback: { '/api/user': 'from the server' } }}>
        <Show swrKey="/api/user" fetcher={fetcher} />
      </SWRConfig>,
    )
    expect(text()).toBe('show: loading data="from the server"')
    expect(fetcher).toHaveBeenCalledTimes(1)
    await settle(() => answer.resolve('fresh'))
    expect(text()).toBe('show: data="fresh"')
  })

  it('cacheData (from a server component) is shown without a client fetch', async () => {
    const fetcher = vi.fn(async () => 'client data')
    fresh(
      <SWRConfig value={{ cacheData: { '/api/user': 'server data' } }}>
        <Show swrKey="/api/user" fetcher={fetcher} />
      </SWRConfig>,
    )
    await settle(() => {})
    expect(text()).toBe('show: data="server data"')
    expect(fetcher).not.toHaveBeenCalled()
  })

  it('compare is deep equality by default: an equal answer keeps the data object', async () => {
    let n = 0
    const seen = new Set<unknown>()
    let revalidate = async () => undefined as unknown
    const fetcher = async () => ({ items: [1, 2], calls: n++ >= 0 })
    fresh(<Doc fetcher={fetcher} seen={seen} onMutate={(m) => (revalidate = m)} />)
    await settle(() => {})
    await settle(() => revalidate())
    await settle(() => revalidate())
    expect(n).toBe(3)
    expect(seen.size).toBe(1)
  })
})

describe('options', () => {
  it('middleware (use) wraps the hook, from SWRConfig then the hook, as in SWR', async () => {
    const order: string[] = []
    const tag =
      (name: string): Middleware =>
      (next) =>
      (key, fetcher, config) => {
        order.push(name)
        return next(key, fetcher, config)
      }
    fresh(
      <SWRConfig value={{ use: [tag('outer')] }}>
        <Show swrKey="k" fetcher={async () => 'x'} config={{ use: [tag('inner')] }} />
      </SWRConfig>,
    )
    await settle(() => {})
    expect(order.slice(0, 2)).toEqual(['outer', 'inner'])
  })

  it('accepts every option of SWR 2: its defaults (SWRConfig.defaultValue), then each optional one', () => {
    const fetcher = async () => 'x'
    const optional: SWRConfiguration = {
      refreshInterval: 0,
      refreshWhenHidden: false,
      refreshWhenOffline: false,
      revalidateOnMount: true,
      keepPreviousData: false,
      suspense: false,
      fallbackData: 'x',
      strictServerPrefetchWarning: false,
      fetcher,
      use: [],
      errorRetryCount: 3,
      initFocus: () => undefined,
      initReconnect: () => undefined,
      provider: (cache) => cache,
      cacheData: {},
    }
    const config = { ...RealSWRConfig.defaultValue, ...optional } as SWRConfiguration
    expect(renderError(<Show swrKey="k" fetcher={fetcher} config={config} />)).toBeUndefined()
    expect(renderError(<SWRConfig value={config} />)).toBeUndefined()
  })

  it('options with no meaning here are accepted; an unknown name is a TypeError', () => {
    const fetcher = async () => 'x'
    const accepted = {
      dedupingInterval: 100,
      refreshWhenOffline: true,
      isOnline: () => true,
      isVisible: () => true,
      strictServerPrefetchWarning: true,
    }
    expect(renderError(<Show swrKey="k" fetcher={fetcher} config={accepted} />)).toBeUndefined()
    const error = renderError(
      <Show swrKey="k" fetcher={fetcher} config={{ refreshInterva: 100 } as SWRConfiguration} />,
    )
    expect(error).toEqual(
      new TypeError(
        `shared-call: useSWR options.refreshInterva must be one of SWR 2's options, got 100`,
      ),
    )
  })
})
