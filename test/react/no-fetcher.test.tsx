// A hook without a fetcher: it shows what mutate, fallback or other hooks of
// the key put there (shared local state), or uses the provider's fetcher.
import { render, screen } from '@testing-library/react'
import { SharedCall } from 'shared-call'
import { type Mutate, mutate, SharedCallProvider } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { controlledFetcher, Probe, settle, withInstance } from './harness'

describe('a hook without a fetcher', () => {
  it('is shared local state: not loading, and mutate(data) reaches every hook of the key', async () => {
    const { shared, wrap } = withInstance()
    let set: Mutate<string> = async () => undefined
    render(
      wrap(
        <>
          <Probe name="a" id="theme" fetcher={null} onMutate={(m) => (set = m)} />
          <Probe name="b" id="theme" fetcher={null} />
        </>,
      ),
    )
    // From the first render: nothing is loading, nothing is validating.
    expect(screen.getByTestId('a').textContent).toBe('a:')
    await settle(() => set('dark'))
    expect(screen.getByTestId('a').textContent).toBe('a: data=dark')
    expect(screen.getByTestId('b').textContent).toBe('b: data=dark')
    // mutate's revalidation has nothing to fetch: no flight, no stats.
    expect(shared.getStats()).toMatchObject({ hits: 0, misses: 0 })

    await settle(() => mutate(shared, 'theme', 'light'))
    expect(screen.getByTestId('b').textContent).toBe('b: data=light')
  })

  it("shows the provider's fallback, and what a hook with a fetcher got for the key", async () => {
    const { fetcher, calls } = controlledFetcher()
    const shared = new SharedCall()
    render(
      <SharedCallProvider value={shared} fallback={{ user: 'from the server' }}>
        <Probe name="reader" id="user" fetcher={null} />
        <Probe name="fetcher" id="other" fetcher={fetcher} />
        <Probe name="follower" id="other" fetcher={null} />
      </SharedCallProvider>,
    )
    expect(screen.getByTestId('reader').textContent).toBe('reader: data=from the server')
    // It follows the key's fetch (validating), and never starts one.
    expect(screen.getByTestId('follower').textContent).toBe('follower: loading')
    await settle(() => calls[0]!.resolve('fetched'))
    expect(screen.getByTestId('follower').textContent).toBe('follower: data=fetched')
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it("fetches with the provider's fetcher, given the key", async () => {
    const fetcher = vi.fn(async (_signal: AbortSignal, key: unknown) => `got ${String(key)}`)
    render(
      <SharedCallProvider value={new SharedCall()} options={{ fetcher }}>
        <Probe name="a" id="/api/a" fetcher={null} />
        <Probe name="b" id="/api/b" fetcher={null} />
      </SharedCallProvider>,
    )
    await settle(() => {})
    expect(screen.getByTestId('a').textContent).toBe('a: data=got /api/a')
    expect(screen.getByTestId('b').textContent).toBe('b: data=got /api/b')
    expect(fetcher.mock.calls.map(([signal, key]) => [signal instanceof AbortSignal, key])).toEqual(
      [
        [true, '/api/a'],
        [true, '/api/b'],
      ],
    )
  })

  it("a hook's own fetcher gets the key too: an array key as it was given", async () => {
    const fetcher = vi.fn(async (_signal: AbortSignal, key: unknown) => JSON.stringify(key))
    const { wrap } = withInstance()
    render(wrap(<Probe id={['user', { id: 1 }]} fetcher={fetcher} />))
    await settle(() => {})
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=["user",{"id":1}]')
  })

  it('mutate() on a key whose hooks have no fetcher resolves with the data, fetching nothing', async () => {
    const { wrap } = withInstance()
    let set: Mutate<string> = async () => undefined
    render(wrap(<Probe id="k" fetcher={null} onMutate={(m) => (set = m)} />))
    await settle(() => set('v', false))
    let done!: Promise<unknown>
    await settle(() => {
      done = set()
    })
    await expect(done).resolves.toBe('v')
    expect(screen.getByTestId('probe').textContent).toBe('probe: data=v')
  })
})
