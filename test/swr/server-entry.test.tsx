// shared-call/swr under the `react-server` condition (src/swr/server.ts), as
// SWR's own: SWRConfig as a client reference, and unstable_serialize and
// preload that run in a server component. Then the client side of preload:
// its promise given as cacheData streams in without a client fetch.
import { render, screen } from '@testing-library/react'
import { Suspense } from 'react'
import { SharedCall } from 'shared-call'
import { SharedCallProvider } from 'shared-call/react'
import useSWR, * as clientEntry from 'shared-call/swr'
import { describe, expect, it, vi } from 'vitest'
import * as serverEntry from '../../src/swr/server'
import { settle } from '../react/harness'
import { deferred } from '../support/deferred'

const clientFetcher = vi.fn(async () => 'fetched on the client')

function Name() {
  const { data } = useSWR<string>(['user', 1], clientFetcher)
  return <p data-testid="name">{data}</p>
}

describe('the react-server entry of shared-call/swr', () => {
  it("exports SWR's react-server names: SWRConfig (the client entry's), unstable_serialize, preload", () => {
    expect(Object.keys(serverEntry).sort()).toEqual(['SWRConfig', 'preload', 'unstable_serialize'])
    expect(serverEntry.SWRConfig).toBe(clientEntry.SWRConfig)
    expect(serverEntry.unstable_serialize(['user', 1])).toBe(
      clientEntry.unstable_serialize(['user', 1]),
    )
  })

  it('preload starts the fetch and returns it under its key, for cacheData', () => {
    const fetcher = vi.fn((_key: unknown, _options: { signal: AbortSignal }) =>
      Promise.resolve('Ada'),
    )
    const cacheData = serverEntry.preload(() => ['user', 1], fetcher)
    expect(Object.keys(cacheData)).toEqual([clientEntry.unstable_serialize(['user', 1])])
    expect(fetcher.mock.calls[0]![0]).toEqual(['user', 1])
    expect(fetcher.mock.calls[0]![1].signal.aborted).toBe(false)
  })

  it('on the client, that promise as cacheData suspends, then shows its value: no client fetch', async () => {
    const streamed = deferred<string>()
    const cacheData = { [clientEntry.unstable_serialize(['user', 1])]: streamed.promise }
    await settle(() =>
      render(
        <SharedCallProvider value={new SharedCall()}>
          <clientEntry.SWRConfig value={{ cacheData }}>
            <Suspense fallback={<p data-testid="name">streaming</p>}>
              <Name />
            </Suspense>
          </clientEntry.SWRConfig>
        </SharedCallProvider>,
      ),
    )
    expect(screen.getByTestId('name').textContent).toBe('streaming')
    await settle(() => streamed.resolve('from the server'))
    expect(screen.getByTestId('name').textContent).toBe('from the server')
    expect(clientFetcher).not.toHaveBeenCalled()
  })
})
