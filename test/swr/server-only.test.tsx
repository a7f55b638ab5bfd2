// @vitest-environment node
// On a server (no window), SWR's preload is a no-op and returns undefined.
import { preload } from 'shared-call/swr'
import { expect, it, vi } from 'vitest'

it('preload on a server returns undefined and never calls the fetcher', () => {
  const fetcher = vi.fn(() => 'data')
  expect(preload('test-key', fetcher)).toBeUndefined()
  expect(fetcher).not.toHaveBeenCalled()
})
