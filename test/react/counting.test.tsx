import { render } from '@testing-library/react'
import { StrictMode } from 'react'
import { describe, expect, it } from 'vitest'
import {
  controlledFetcher,
  Probe,
  passGraceTick,
  settle,
  useFakeTimeouts,
  withInstance,
} from './harness'

// Issue 23 for the hook: each component's call of its key counts once in the
// core's stats (StrictMode's double mount included), also next to callers of
// the same core that are not components.
describe('useSharedCall in the stats: one count per call, hits + misses + passes = calls', () => {
  it('three components under StrictMode and a plain caller of the same key: four calls', async () => {
    useFakeTimeouts()
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    render(
      <StrictMode>
        {wrap(
          ['a', 'b', 'c'].map((name) => <Probe key={name} name={name} id="k" fetcher={fetcher} />),
        )}
      </StrictMode>,
    )
    passGraceTick()
    // Not a component: it joins the hook's flight, and counts once too.
    const plain = shared.run('k', fetcher)
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 3, passes: 0 })
    await settle(() => calls[0]!.resolve('v1'))
    expect(await plain).toBe('v1')

    const stats = shared.getStats()
    expect(stats.hits + stats.misses + stats.passes).toBe(4)
    expect(stats.hitRate).toBe(3 / 4)
  })
})
