// Re-render only for what a component reads (issues 22.2 and 17.8): a
// component renders again only when `data`, `error`, `isLoading` or
// `isValidating` changes, and only those it read. No more renders than SWR
// in the best cases its own tests document.
import { act, render, screen } from '@testing-library/react'
import { useEffect, useState } from 'react'
import {
  type Mutate,
  type SharedCallKey,
  type UseSharedCallOptions,
  useSharedCall,
} from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import {
  controlledFetcher,
  passFrame,
  pastDeduping,
  settle,
  useFakeClock,
  withInstance,
} from './harness'

type Read = 'data' | 'error' | 'isLoading' | 'isValidating'

/** Renders of each `Reader`, by name. */
const renders = new Map<string, number>()

interface ReaderProps {
  name?: string
  id?: SharedCallKey
  fetcher: (signal: AbortSignal) => Promise<string>
  reads: Read[]
  options?: UseSharedCallOptions<string>
  onMutate?: (mutate: Mutate<string>) => void
}

/** Reads only the fields in `reads`, and counts its renders. */
function Reader({ name = 'reader', id = 'k', fetcher, reads, options, onMutate }: ReaderProps) {
  renders.set(name, (renders.get(name) ?? 0) + 1)
  const result = useSharedCall(id, fetcher, options)
  onMutate?.(result.mutate)
  const text = reads.map((field) => `${field}=${String(result[field])}`).join(' ')
  return <p data-testid={name}>{text}</p>
}

const rendersOf = (name = 'reader') => renders.get(name) ?? 0

type Greeting = { greeting: string }

/** Shows its fallbackData's greeting, as SWR's test does; counts its renders. */
function Greeter(props: {
  fetcher: (signal: AbortSignal) => Promise<Greeting>
  onMutate: (mutate: Mutate<Greeting>) => void
}) {
  renders.set('page', rendersOf('page') + 1)
  const result = useSharedCall('k', props.fetcher, { fallbackData: { greeting: 'hello' } })
  props.onMutate(result.mutate)
  return <p data-testid="page">{result.data.greeting}</p>
}

/** Fetches its key again each time its data changes; records each data it renders. */
function Refetching(props: {
  fetcher: (signal: AbortSignal) => Promise<{ items: number[] }>
  seen: unknown[]
}) {
  renders.set('page', rendersOf('page') + 1)
  const { data, mutate } = useSharedCall('k', props.fetcher)
  props.seen.push(data)
  useEffect(() => {
    if (data) void mutate()
  }, [data, mutate])
  return null
}

let show: () => void
/** Reads `data` only once `show` has been called. */
function LateReader({ fetcher }: { fetcher: (signal: AbortSignal) => Promise<string> }) {
  const result = useSharedCall('k', fetcher)
  const [shown, setShown] = useState(false)
  show = () => setShown(true)
  return <p data-testid="page">{shown ? String(result.data) : 'hidden'}</p>
}

describe('a component renders only for the fields it reads', () => {
  it('reading only data: two renders in the best case, whatever the failed fetch and its retry did', async () => {
    // SWR use-swr-integration "should render only two times in the best case".
    useFakeClock()
    renders.clear()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Reader fetcher={fetcher} reads={['data']} options={{ errorRetryInterval: 10 }} />))
    await settle(() => calls[0]!.reject(new Error('error')))
    await act(() => vi.advanceTimersByTime(20)) // the retry starts: isValidating again
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve('value'))
    expect(screen.getByTestId('reader').textContent).toBe('data=value')
    expect(rendersOf()).toBe(2)
  })

  it('reading nothing: one render, while the fetch runs and answers', async () => {
    // SWR use-swr-loading "should avoid extra rerenders while fetching".
    renders.clear()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<Reader fetcher={fetcher} reads={[]} />))
    await settle(() => calls[0]!.resolve('value'))
    expect(fetcher).toHaveBeenCalledOnce()
    expect(rendersOf()).toBe(1)
  })

  it('reading data and isLoading, or data and isValidating: two renders for a first load', async () => {
    // SWR use-swr-loading "should return loading state" / "validating state".
    renders.clear()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(
      wrap(
        <>
          <Reader name="loading" fetcher={fetcher} reads={['data', 'isLoading']} />
          <Reader name="validating" fetcher={fetcher} reads={['data', 'isValidating']} />
        </>,
      ),
    )
    await settle(() => calls[0]!.resolve('value'))
    expect(screen.getByTestId('loading').textContent).toBe('data=value isLoading=false')
    expect(rendersOf('loading')).toBe(2)
    expect(rendersOf('validating')).toBe(2)
  })

  it('fallbackData equal to the answer, then a mutate with equal data: one render', async () => {
    // SWR use-swr-loading "should avoid extra rerenders when the fallback is the same as cache".
    renders.clear()
    const { fetcher, calls } = controlledFetcher<{ greeting: string }>()
    const { wrap } = withInstance()
    let mutate!: Mutate<Greeting>
    render(wrap(<Greeter fetcher={fetcher} onMutate={(m) => (mutate = m)} />))
    await settle(() => calls[0]!.resolve({ greeting: 'hello' }))
    await settle(() => mutate(Promise.resolve({ greeting: 'hello' })))
    await settle(() => calls[1]?.resolve({ greeting: 'hello' })) // the mutate's revalidation
    expect(screen.getByTestId('page').textContent).toBe('hello')
    expect(rendersOf('page')).toBe(1)
  })

  it('a refetch that brings equal data keeps the data object and renders no reader of data', async () => {
    useFakeClock()
    renders.clear()
    const { fetcher, calls } = controlledFetcher<{ items: number[] }>()
    const { wrap } = withInstance()
    const seen: unknown[] = []
    render(wrap(<Refetching fetcher={fetcher} seen={seen} />))
    await settle(() => calls[0]!.resolve({ items: [1, 2] }))
    await settle(() => calls[1]!.resolve({ items: [1, 2] }))
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(rendersOf('page')).toBe(2)
    expect(seen.at(-1)).toBe(seen[1])
  })

  it('a focus refetch renders 300 readers of data once each, for the new data only', async () => {
    useFakeClock()
    renders.clear()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const names = Array.from({ length: 300 }, (_, i) => `r${i}`)
    render(
      wrap(
        <>
          {names.map((name) => (
            <Reader key={name} name={name} fetcher={fetcher} reads={['data']} />
          ))}
          <Reader name="validating" fetcher={fetcher} reads={['isValidating']} />
        </>,
      ),
    )
    await settle(() => calls[0]!.resolve('v1'))
    await act(() => vi.advanceTimersByTime(5000)) // past the focus throttle
    renders.clear()
    await act(() => void window.dispatchEvent(new Event('focus')))
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(rendersOf('r0')).toBe(0) // isValidating changed, data did not
    expect(rendersOf('validating')).toBe(1)
    await settle(() => calls[1]!.resolve('v2'))
    expect(screen.getByTestId('r299').textContent).toBe('data=v2')
    expect(names.reduce((sum, name) => sum + rendersOf(name), 0)).toBe(300)
    expect(rendersOf('validating')).toBe(2)
  })

  it('a background refetch does not render a reader of data and isLoading until its answer', async () => {
    useFakeClock()
    renders.clear()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    let mutate!: Mutate<string>
    render(
      wrap(
        <Reader
          name="page"
          fetcher={fetcher}
          reads={['isLoading', 'data']}
          onMutate={(m) => (mutate = m)}
        />,
      ),
    )
    await settle(() => calls[0]!.resolve('v1'))
    expect(rendersOf('page')).toBe(2)
    await act(async () => void mutate())
    expect(rendersOf('page')).toBe(2)
    await settle(() => calls[1]!.resolve('v2'))
    expect(screen.getByTestId('page').textContent).toBe('isLoading=false data=v2')
    expect(rendersOf('page')).toBe(3)
  })

  it('a field read for the first time in a later render has its current value', async () => {
    // SWR use-swr-integration "should return latest data synchronously after accessing getter".
    renders.clear()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(wrap(<LateReader fetcher={fetcher} />))
    await settle(() => calls[0]!.resolve('value')) // nothing read: no render
    await act(() => show())
    expect(screen.getByTestId('page').textContent).toBe('value')
  })

  it('with keepPreviousData, a reader of data alone leaves the old data when the new key fails', async () => {
    useFakeClock()
    renders.clear()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const options = { keepPreviousData: true, shouldRetryOnError: false }
    const view = render(
      wrap(<Reader id="a" fetcher={fetcher} reads={['data']} options={options} />),
    )
    await settle(() => calls[0]!.resolve('old'))
    view.rerender(wrap(<Reader id="b" fetcher={fetcher} reads={['data']} options={options} />))
    expect(screen.getByTestId('reader').textContent).toBe('data=old')
    await settle(() => calls[1]!.reject(new Error('down')))
    expect(screen.getByTestId('reader').textContent).toBe('data=undefined')
  })

  it('a component whose key changes back and forth renders for each key’s data', async () => {
    useFakeClock()
    renders.clear()
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    const view = render(wrap(<Reader id="a" fetcher={fetcher} reads={['data']} />))
    await settle(() => calls[0]!.resolve('A'))
    view.rerender(wrap(<Reader id="b" fetcher={fetcher} reads={['data']} />))
    await settle(() => calls[1]!.resolve('B'))
    expect(screen.getByTestId('reader').textContent).toBe('data=B')
    await pastDeduping()
    view.rerender(wrap(<Reader id="a" fetcher={fetcher} reads={['data']} />))
    expect(screen.getByTestId('reader').textContent).toBe('data=A')
    await passFrame()
    await settle(() => calls[2]!.resolve('A2'))
    expect(screen.getByTestId('reader').textContent).toBe('data=A2')
  })
})
