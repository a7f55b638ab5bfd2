// Keys built from different kinds of input never meet: a string and an array
// that would encode alike are two keys.
import { render, screen } from '@testing-library/react'
import fc from 'fast-check'
import { encodeKey } from 'shared-call'
import { describe, expect, it } from 'vitest'
import { toId } from '../../src/react/key'
import { controlledFetcher, Probe, settle, withInstance } from './harness'

/** JSON with each object's properties sorted: equal for keys that are equal by value. */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )

describe('hook keys', () => {
  it("the string '[\"user\"]' and the array ['user'] are two keys: two fetches, two answers", async () => {
    const { fetcher, calls } = controlledFetcher()
    const { wrap } = withInstance()
    render(
      wrap(
        <>
          <Probe name="string" id={'["user"]'} fetcher={fetcher} />
          <Probe name="array" id={['user']} fetcher={fetcher} />
          <Probe name="escaped" id={'\\["user"]'} fetcher={fetcher} />
        </>,
      ),
    )
    expect(fetcher).toHaveBeenCalledTimes(3)
    await settle(() => calls[0]!.resolve('from the string'))
    await settle(() => calls[1]!.resolve('from the array'))
    expect(screen.getByTestId('string').textContent).toBe('string: data=from the string')
    expect(screen.getByTestId('array').textContent).toBe('array: data=from the array')
    expect(screen.getByTestId('escaped').textContent).toBe('escaped: loading')
  })

  it('no two different keys map to one core key (strings, arrays and objects of any content)', () => {
    const part = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
    const key = fc.oneof(
      // Any Unicode text (graphemes have no lone surrogates). Not `unit: 'binary'`:
      // fast-check builds a map of every code point for it, 1.6 s per run.
      fc.string({ minLength: 1, unit: 'grapheme' }),
      fc.constantFrom('[', '\\', '[x', '\\[', '\\\\', '["x"]', '\\["x"]', '{', '{"x":n1}', '\\{'),
      fc.array(part),
      fc.dictionary(fc.string(), part, { noNullPrototype: true }),
    )
    fc.assert(
      fc.property(key, key, (a, b) => {
        const same =
          Array.isArray(a) === Array.isArray(b) &&
          typeof a === typeof b &&
          canonical(a) === canonical(b)
        expect(toId(a, 'key') === toId(b, 'key')).toBe(same)
      }),
      { numRuns: 2000 },
    )
  })

  it('a string key is the core key as it is: shared.run(key) joins the hook’s fetch', async () => {
    const { fetcher, calls } = controlledFetcher()
    const { shared, wrap } = withInstance()
    render(
      wrap(
        <>
          <Probe name="string" id="/api/user" fetcher={fetcher} />
          <Probe name="array" id={['user', 1]} fetcher={fetcher} />
        </>,
      ),
    )
    const viaString = shared.run('/api/user', fetcher)
    const viaArray = shared.run(encodeKey(['user', 1]), fetcher)
    expect(fetcher).toHaveBeenCalledTimes(2)
    await settle(() => {
      calls[0]!.resolve('u')
      calls[1]!.resolve('a')
    })
    await expect(viaString).resolves.toBe('u')
    await expect(viaArray).resolves.toBe('a')
  })
})
