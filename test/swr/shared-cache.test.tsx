// Both entries share one cache: a page half migrated from SWR works. And the
// global mutate, preload and unstable_serialize of shared-call/swr.
import { render, screen } from '@testing-library/react'
import fc from 'fast-check'
import { encodeKey, SharedCall } from 'shared-call'
import { SharedCallProvider, useSharedCall } from 'shared-call/react'
import useSWR, { mutate, preload, unstable_serialize } from 'shared-call/swr'
import { describe, expect, it, vi } from 'vitest'
import { toId } from '../../src/react/key'
import { settle } from '../react/harness'
import { deferred } from '../support/deferred'

function OldPart({ id }: { id: number }) {
  const { data } = useSWR(['user', id], ([, userId]) => fetchUser(userId))
  return <p data-testid="swr">{data}</p>
}

function NewPart({ id }: { id: number }) {
  const { data } = useSharedCall(['user', id], () => fetchUser(id))
  return <p data-testid="hook">{data}</p>
}

function Page({
  fetcher,
}: {
  fetcher: (key: string, options: { signal: AbortSignal }) => Promise<string>
}) {
  const { data } = useSWR('/api/preloaded', fetcher)
  return <p data-testid="page">{data}</p>
}

let fetchUser = vi.fn(async (_id: number) => 'Ada')

describe('one cache for both entries', () => {
  it('useSWR and useSharedCall of one key: one fetch, one answer in both', async () => {
    const answer = deferred<string>()
    fetchUser = vi.fn(() => answer.promise)
    const shared = new SharedCall()
    render(
      <SharedCallProvider value={shared}>
        <OldPart id={1} />
        <NewPart id={1} />
      </SharedCallProvider>,
    )
    expect(fetchUser).toHaveBeenCalledTimes(1)
    await settle(() => answer.resolve('Ada'))
    expect(screen.getByTestId('swr').textContent).toBe('Ada')
    expect(screen.getByTestId('hook').textContent).toBe('Ada')
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 1 })
  })

  it("SWR's global mutate reaches useSharedCall's components (no provider: the default instance)", async () => {
    fetchUser = vi.fn(async () => 'Ada')
    render(<NewPart id={42} />)
    await settle(() => {})
    await settle(() => mutate(['user', 42], 'Ada L.', false))
    expect(screen.getByTestId('hook').textContent).toBe('Ada L.')
  })
})

describe('mutate', () => {
  it('mutate(key) fetches again and resolves with the answer; throwOnError: false resolves a failure', async () => {
    let n = 0
    fetchUser = vi.fn(async () => `v${++n}`)
    render(<OldPart id={7} />)
    await settle(() => {})
    let done!: Promise<unknown>
    await settle(() => {
      done = mutate(['user', 7])
    })
    await expect(done).resolves.toBe('v2')
    const failing = mutate(['user', 7], Promise.reject(new Error('no')), { throwOnError: false })
    await expect(failing).resolves.toBeUndefined()
    await expect(mutate(['user', 7], Promise.reject(new Error('no')))).rejects.toThrow('no')
  })
})

describe('preload', () => {
  it('starts the fetch with the key (and a signal): the component that mounts joins it', async () => {
    const answer = deferred<string>()
    const fetcher = vi.fn((_key: string, _options: { signal: AbortSignal }) => answer.promise)
    const preloaded = preload('/api/preloaded', fetcher)
    render(<Page fetcher={fetcher} />)
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(fetcher.mock.calls[0]![0]).toBe('/api/preloaded')
    await settle(() => answer.resolve('ready'))
    await expect(preloaded).resolves.toBe('ready')
    expect(screen.getByTestId('page').textContent).toBe('ready')
  })
})

describe('unstable_serialize', () => {
  it("is the key as both entries store it: '' for no key, and a key function's result", () => {
    expect(unstable_serialize('/api/user')).toBe('/api/user')
    expect(unstable_serialize(['user', 1])).toBe(encodeKey(['user', 1]))
    expect(unstable_serialize(() => ['user', 1])).toBe(encodeKey(['user', 1]))
    expect(unstable_serialize({ page: 1 })).toBe(encodeKey({ page: 1 }))
    expect(unstable_serialize(null)).toBe('')
    expect(
      unstable_serialize(() => {
        throw new Error('not ready')
      }),
    ).toBe('')
  })

  it('agrees with the hook for any key, so fallback keys built with it are found', () => {
    const part = fc.oneof(fc.string(), fc.integer(), fc.boolean())
    const key = fc.oneof(
      fc.string({ minLength: 1 }),
      fc.array(part, { minLength: 1 }),
      fc.dictionary(fc.string(), part, { noNullPrototype: true }),
    )
    fc.assert(
      fc.property(key, (k) => {
        expect(unstable_serialize(k)).toBe(toId(k, 'key'))
      }),
    )
  })
})
