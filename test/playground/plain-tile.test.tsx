// The "Many components" page's baseline, in development's StrictMode (which
// runs every effect twice): with coalescing off, one request per component,
// so the counters compare the hook with an honest plain fetch, not with a
// doubled one (issue 21.4).
import { act, render } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, expect, it, vi } from 'vitest'
import { resetRequestCount } from '../../playground/src/lib/request-counter'
import { ProductTiles } from '../../playground/src/pages/many/ProductTiles'

afterEach(() => {
  vi.unstubAllGlobals()
  resetRequestCount()
})

it('N plain components under StrictMode send N requests, each shows its answer, and the run reports once', async () => {
  const answers: ((upstreamCall: number) => void)[] = []
  const fetch = vi.fn(
    () =>
      new Promise<Response>((resolve) => {
        answers.push((upstreamCall) =>
          resolve(Response.json({ id: '1', name: 'Product 1', price: 609, upstreamCall })),
        )
      }),
  )
  vi.stubGlobal('fetch', fetch)
  const onDone = vi.fn()
  const run = { id: 1, n: 5, coalesce: false, runId: 'r', signal: new AbortController().signal }
  const view = render(
    <StrictMode>
      <ProductTiles run={run} onDone={onDone} />
    </StrictMode>,
  )
  expect(fetch).toHaveBeenCalledTimes(5)

  await act(async () => {
    for (const [i, answer] of answers.entries()) answer(i + 1)
  })
  expect(view.getAllByTestId('tile').map((tile) => tile.getAttribute('data-state'))).toEqual(
    Array(5).fill('ready'),
  )
  expect(view.getByTestId('many-distinct-calls').textContent).toBe('5')
  expect(fetch).toHaveBeenCalledTimes(5)
  expect(onDone).toHaveBeenCalledTimes(1)
  expect(onDone.mock.calls[0]![0]).toBeGreaterThanOrEqual(0)
})
