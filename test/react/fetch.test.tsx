// The main behaviours end to end: components call the real `fetch`, and msw
// answers it, so what msw sees is what a server would see.
import { act, render, screen } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { Suspense } from 'react'
import { useSharedCall } from 'shared-call/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { passGraceTick, useFakeTimeouts, withInstance } from './harness'

/** A promise the test settles by hand. */
interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
}

const deferred = <T = void>(): Deferred<T> => {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

/** What the user API saw; each request waits for `answer` before it is answered. */
let requests: Request[]
let answer: Deferred<void>
let arrived: Deferred<Request>

beforeEach(() => {
  requests = []
  answer = deferred()
  arrived = deferred<Request>()
  server.use(
    http.get('https://api.test/users/:id', async ({ request, params }) => {
      requests.push(request)
      arrived.resolve(request)
      await answer.promise
      if (params.id === 'broken') return HttpResponse.json({ message: 'down' }, { status: 500 })
      return HttpResponse.json({ name: `user ${params.id}` })
    }),
  )
})
afterEach(() => {
  // Lets handlers of aborted requests finish, so none outlives its test.
  answer.resolve()
  server.resetHandlers()
})

const getUser = async (id: string, signal: AbortSignal): Promise<{ name: string }> => {
  const response = await fetch(`https://api.test/users/${id}`, { signal })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return response.json()
}

function User({ id, name = 'user', suspense }: { id: string; name?: string; suspense?: boolean }) {
  const { data, error, isLoading } = useSharedCall(['user', id], (signal) => getUser(id, signal), {
    suspense,
  })
  const text = isLoading ? 'loading' : error ? `error ${error.message}` : data?.name
  return <p data-testid={name}>{text}</p>
}

/** Answers every request that waits, and lets React render what follows. */
const answerAll = () => act(async () => answer.resolve())

describe('useSharedCall with fetch, answered by msw', () => {
  it('100 components of one key: msw sees one request, all show its answer', async () => {
    const { shared, wrap } = withInstance()
    const names = Array.from({ length: 100 }, (_, i) => `u${i}`)
    render(wrap(names.map((name) => <User key={name} name={name} id="1" />)))
    await arrived.promise
    await answerAll()
    expect(await screen.findByText('user 1', { selector: '[data-testid=u99]' })).toBeTruthy()
    for (const name of names) expect(screen.getByTestId(name).textContent).toBe('user 1')
    expect(requests).toHaveLength(1)
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 99 })
  })

  it('two keys: two requests, each component shows its own user', async () => {
    const { wrap } = withInstance()
    render(
      wrap(
        <>
          <User name="a" id="1" />
          <User name="b" id="2" />
          <User name="c" id="1" />
        </>,
      ),
    )
    await arrived.promise
    await answerAll()
    expect(await screen.findByText('user 2')).toBeTruthy()
    expect(screen.getByTestId('a').textContent).toBe('user 1')
    expect(screen.getByTestId('c').textContent).toBe('user 1')
    expect(requests.map((request) => new URL(request.url).pathname).sort()).toEqual([
      '/users/1',
      '/users/2',
    ])
  })

  it('the last component to unmount aborts the request, a tick later', async () => {
    const { wrap } = withInstance()
    const view = render(
      wrap(
        <>
          <User name="a" id="1" />
          <User name="b" id="1" />
        </>,
      ),
    )
    const request = await arrived.promise
    useFakeTimeouts()
    view.rerender(wrap(<User name="a" id="1" />))
    passGraceTick()
    expect(request.signal.aborted).toBe(false)

    view.unmount()
    expect(request.signal.aborted).toBe(false) // the grace tick
    passGraceTick()
    expect(request.signal.aborted).toBe(true)
    expect(requests).toHaveLength(1)
  })

  it('a key change aborts the old request and shows the new key’s answer', async () => {
    const { wrap } = withInstance()
    const view = render(wrap(<User id="old" />))
    const old = await arrived.promise
    arrived = deferred<Request>()
    view.rerender(wrap(<User id="new" />))
    await arrived.promise
    await act(async () => {
      await new Promise<void>((resolve) => old.signal.addEventListener('abort', () => resolve()))
    })
    expect(old.signal.aborted).toBe(true)
    await answerAll()
    expect(await screen.findByText('user new')).toBeTruthy()
    expect(requests).toHaveLength(2)
  })

  it('an HTTP error reaches every component of the key, from one request', async () => {
    const { wrap } = withInstance()
    render(
      wrap(
        <>
          <User name="a" id="broken" />
          <User name="b" id="broken" />
        </>,
      ),
    )
    await arrived.promise
    await answerAll()
    expect(await screen.findByText('error HTTP 500', { selector: '[data-testid=b]' })).toBeTruthy()
    expect(screen.getByTestId('a').textContent).toBe('error HTTP 500')
    expect(requests).toHaveLength(1)
  })

  it('suspense: 10 components behind <Suspense>, one request', async () => {
    const { wrap } = withInstance()
    const names = Array.from({ length: 10 }, (_, i) => `s${i}`)
    render(
      wrap(
        <Suspense fallback={<p>fallback</p>}>
          {names.map((name) => (
            <User key={name} name={name} id="7" suspense />
          ))}
        </Suspense>,
      ),
    )
    expect(screen.getByText('fallback')).toBeTruthy()
    await arrived.promise
    await answerAll()
    expect(await screen.findByText('user 7', { selector: '[data-testid=s9]' })).toBeTruthy()
    expect(requests).toHaveLength(1)
  })

  it('navigate away and back: 100 components show the data at once, msw sees one background request', async () => {
    const { wrap } = withInstance()
    const names = Array.from({ length: 100 }, (_, i) => `u${i}`)
    const page = () => wrap(names.map((name) => <User key={name} name={name} id="1" />))
    const first = render(page())
    await arrived.promise
    await answerAll()
    expect(await screen.findByText('user 1', { selector: '[data-testid=u99]' })).toBeTruthy()

    useFakeTimeouts()
    first.unmount()
    passGraceTick()
    vi.useRealTimers()
    arrived = deferred<Request>()
    // Past the dedupingInterval (2 s from the answer): the user came back later.
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 2001)
    render(page())
    now.mockRestore()
    // The first render after the remount already shows the data.
    for (const name of names) expect(screen.getByTestId(name).textContent).toBe('user 1')
    await arrived.promise
    await act(async () => {})
    expect(requests).toHaveLength(2)
  })

  it('focus with 100 components: msw sees one request', async () => {
    const { wrap } = withInstance()
    const names = Array.from({ length: 100 }, (_, i) => `u${i}`)
    render(wrap(names.map((name) => <User key={name} name={name} id="1" />)))
    await arrived.promise
    await answerAll()
    expect(await screen.findByText('user 1', { selector: '[data-testid=u99]' })).toBeTruthy()
    arrived = deferred<Request>()
    // Past the focus throttle (5 s from the last fetch).
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 5000)
    await act(async () => void window.dispatchEvent(new Event('focus')))
    now.mockRestore()
    await arrived.promise
    await act(async () => {})
    expect(requests).toHaveLength(2)
  })
})
