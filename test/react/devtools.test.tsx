import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { SharedCall } from 'shared-call'
import { SharedCallDevtools } from 'shared-call/devtools'
import { inspectSharedCall, SharedCallProvider, useSharedCall } from 'shared-call/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { record } from '../../src/devtools/recorder'
import { controlledFetcher, passGraceTick, settle, useFakeTimeouts } from './harness'

afterEach(() => {
  vi.unstubAllEnvs()
})

function Tile({ id, fetcher }: { id: string; fetcher: (signal: AbortSignal) => Promise<string> }) {
  const { data, error } = useSharedCall(id, fetcher)
  return (
    <p data-testid={`tile-${id}`}>
      {error ? `error: ${(error as Error).message}` : (data ?? 'loading')}
    </p>
  )
}

const rowOf = (id: string) => {
  const row = screen.getAllByTestId('sc-devtools-key').find((r) => r.dataset.key === id)
  if (!row) throw new Error(`no row for ${id}`)
  const cell = (testId: string) => row.querySelector(`[data-testid=${testId}]`)!
  return { row, cell, text: (testId: string) => cell(testId).textContent }
}

/** Three components of one key, the panel open beside them (mounted first, so it sees their calls). */
const setup = () => {
  const shared = new SharedCall()
  const { fetcher, calls } = controlledFetcher<string>()
  render(
    <SharedCallProvider value={shared}>
      <SharedCallDevtools initialIsOpen />
      <Tile id="user" fetcher={fetcher} />
      <Tile id="user" fetcher={fetcher} />
      <Tile id="user" fetcher={fetcher} />
    </SharedCallProvider>,
  )
  return { shared, fetcher, calls }
}

describe('<SharedCallDevtools />', () => {
  it("shows each key's state, subscribers, last fetch and roles as they change", async () => {
    const { calls } = setup()
    await waitFor(() => expect(rowOf('user').row.dataset.state).toBe('loading'))
    expect(rowOf('user').text('sc-devtools-subscribers')).toBe('3')
    await settle(() => calls[0]!.resolve('Ada'))
    await waitFor(() => expect(rowOf('user').row.dataset.state).toBe('fresh'))
    const { text } = rowOf('user')
    expect(text('sc-devtools-roles')).toBe('1 / 2')
    expect(text('sc-devtools-data')).toBe('"Ada"')
    expect(text('sc-devtools-last-fetch')).toMatch(/^\d+ ms$/)
    expect(screen.getByTestId('sc-devtools-stats').textContent).toContain('hit rate 67 %')
  })

  it('revalidate fetches the key again, once for its three components', async () => {
    const { calls, fetcher } = setup()
    await settle(() => calls[0]!.resolve('Ada'))
    await waitFor(() => expect(rowOf('user').row.dataset.state).toBe('fresh'))
    fireEvent.click(rowOf('user').cell('sc-devtools-revalidate'))
    await waitFor(() => expect(rowOf('user').row.dataset.state).toBe('loading'))
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve('Ada Lovelace'))
    await waitFor(() => expect(screen.getAllByText('Ada Lovelace')).toHaveLength(3))
    await waitFor(() => expect(rowOf('user').text('sc-devtools-roles')).toBe('2 / 4'))
  })

  it('mutate sets the data every component shows, without fetching; bad JSON is refused', async () => {
    const { calls, fetcher } = setup()
    await settle(() => calls[0]!.resolve('Ada'))
    await waitFor(() => expect(rowOf('user').row.dataset.state).toBe('fresh'))
    fireEvent.click(rowOf('user').cell('sc-devtools-mutate'))
    const input = screen.getByTestId('sc-devtools-mutate-input') as HTMLInputElement
    expect(input.value).toBe('"Ada"')
    fireEvent.change(input, { target: { value: '"Grace' } })
    fireEvent.click(screen.getByTestId('sc-devtools-mutate-set'))
    expect(screen.getByText(/not JSON/)).toBeTruthy()
    fireEvent.change(input, { target: { value: '"Grace"' } })
    fireEvent.click(screen.getByTestId('sc-devtools-mutate-set'))
    await waitFor(() => expect(screen.getAllByText('Grace')).toHaveLength(3))
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('forget drops the data and the flight: the components fetch the key again', async () => {
    const { calls, fetcher, shared } = setup()
    await settle(() => calls[0]!.resolve('Ada'))
    await waitFor(() => expect(rowOf('user').row.dataset.state).toBe('fresh'))
    fireEvent.click(rowOf('user').cell('sc-devtools-forget'))
    const tiles = () => screen.getAllByTestId('tile-user').map((tile) => tile.textContent)
    await waitFor(() => expect(tiles()).toEqual(['loading', 'loading', 'loading']))
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => calls[1]!.resolve('Ada again'))
    await waitFor(() => expect(tiles()).toEqual(['Ada again', 'Ada again', 'Ada again']))
    expect(shared.getStats().misses).toBe(2)
  })

  it('shows a failed key as error, with its error count', async () => {
    const { calls } = setup()
    await settle(() => calls[0]!.reject(new Error('down')))
    await waitFor(() => expect(rowOf('user').row.dataset.state).not.toBe('loading'))
    // The hook retries a failed key: the next fetch is loading again; the count stays.
    await waitFor(() => expect(rowOf('user').text('sc-devtools-errors')).toMatch(/^1 \//))
  })

  it('gives the instance back when it unmounts', async () => {
    const shared = new SharedCall()
    const { unmount } = render(<SharedCallDevtools shared={shared} />)
    expect(Object.hasOwn(shared, 'join')).toBe(true)
    unmount()
    expect(Object.hasOwn(shared, 'join')).toBe(false)
  })

  it('renders nothing in a production build, unless asked', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const { container, rerender } = render(<SharedCallDevtools />)
    expect(container.innerHTML).toBe('')
    rerender(<SharedCallDevtools showInProduction />)
    expect(screen.getByTestId('sc-devtools-toggle').textContent).toContain('shared-call')
  })

  it('opens and closes from its button', async () => {
    render(<SharedCallDevtools shared={new SharedCall()} />)
    expect(screen.queryByTestId('sc-devtools-panel')).toBeNull()
    fireEvent.click(screen.getByTestId('sc-devtools-toggle'))
    expect(screen.getByTestId('sc-devtools-panel').textContent).toContain('No key yet')
    await act(async () => {
      fireEvent.click(screen.getByTestId('sc-devtools-toggle'))
    })
    expect(screen.queryByTestId('sc-devtools-panel')).toBeNull()
  })
})

describe('inspectSharedCall', () => {
  it('reads every key the hook holds, as copies', async () => {
    const shared = new SharedCall()
    const { fetcher, calls } = controlledFetcher<string>()
    render(
      <SharedCallProvider value={shared}>
        <Tile id="a" fetcher={fetcher} />
        <Tile id="a" fetcher={fetcher} />
        <Tile id="b" fetcher={fetcher} />
      </SharedCallProvider>,
    )
    await settle(() => calls[0]!.resolve('A'))
    const inspector = inspectSharedCall(shared)
    const keys = inspector.keys()
    expect(keys.map((k) => [k.id, k.subscribers, k.isValidating, k.data])).toEqual([
      ['a', 2, false, 'A'],
      ['b', 1, true, undefined],
    ])
    expect(keys[0]!.fetchedAt).toBeGreaterThan(0)
    ;(keys[0] as { data: unknown }).data = 'changed here'
    expect(inspector.keys()[0]!.data).toBe('A')
    expect(inspectSharedCall(new SharedCall()).keys()).toEqual([])
  })

  it('forgets a key no component shows: it is gone', async () => {
    useFakeTimeouts()
    const shared = new SharedCall()
    const { fetcher, calls } = controlledFetcher<string>()
    const { unmount } = render(
      <SharedCallProvider value={shared}>
        <Tile id="kept" fetcher={fetcher} />
      </SharedCallProvider>,
    )
    await settle(() => calls[0]!.resolve('K'))
    unmount()
    await passGraceTick()
    const inspector = inspectSharedCall(shared)
    expect(inspector.keys().map((k) => [k.id, k.subscribers, k.data])).toEqual([['kept', 0, 'K']])
    inspector.forget('kept')
    expect(inspector.keys()).toEqual([])
  })
})

describe('the hit-rate line', () => {
  it('counts a pass as a call, as the stats do (issue 23): a leader, a follower and two passes read 25 %', async () => {
    const shared = new SharedCall()
    const recorder = record(shared, () => {})
    const leader = shared.join('k', async () => 1)
    const follower = shared.join('k', async () => 1)
    shared.pass()
    shared.pass()
    await Promise.all([leader.result, follower.result])
    recorder.tick()
    recorder.stop()
    expect(recorder.ticks.map((t) => t.hitRate)).toEqual([shared.getStats().hitRate])
    expect(shared.getStats().hitRate).toBe(0.25)
  })
})
