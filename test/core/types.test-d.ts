import { describe, expectTypeOf, it } from 'vitest'
import { encodeKey, SharedCall, type SharedCallStats, sharedFetch } from '../../src/core/index'

const shared = new SharedCall()

describe('types infer from the work', () => {
  it('run returns a promise of what the work returns', () => {
    expectTypeOf(shared.run('k', async () => ({ id: 1 }))).toEqualTypeOf<Promise<{ id: number }>>()
    expectTypeOf(shared.run('k', () => 'sync')).toEqualTypeOf<Promise<string>>()
    expectTypeOf(shared.run('k', (signal) => signal)).toEqualTypeOf<Promise<AbortSignal>>()
  })

  it('group keeps the parameters and awaits the result', () => {
    const getUser = shared.group(async (id: number, opts?: { fresh: boolean }) => ({ id, ...opts }))
    expectTypeOf(getUser).parameters.toEqualTypeOf<[id: number, opts?: { fresh: boolean }]>()
    expectTypeOf(getUser(1)).resolves.toMatchTypeOf<{ id: number }>()
    // @ts-expect-error: the wrapped function checks its arguments like the original
    getUser('1')
  })

  it('a group key function sees the same parameters', () => {
    shared.group(async (user: { id: string }, page: number) => `${user.id}:${page}`, {
      key: (user, page) => {
        expectTypeOf(user).toEqualTypeOf<{ id: string }>()
        expectTypeOf(page).toEqualTypeOf<number>()
        return [user.id, page]
      },
    })
  })

  it('stats, encodeKey and sharedFetch have plain types', () => {
    expectTypeOf(shared.getStats()).toEqualTypeOf<SharedCallStats>()
    expectTypeOf(encodeKey).returns.toEqualTypeOf<string>()
    expectTypeOf(sharedFetch('/x', { vary: ['accept'], shared })).toEqualTypeOf<Promise<Response>>()
  })

  it('rejects what is not a key or a signal', () => {
    // @ts-expect-error: keys are strings; use encodeKey for other values
    shared.run(1, () => 1)
    // @ts-expect-error: signal must be an AbortSignal
    shared.run('k', () => 1, { signal: 'abort' })
  })
})
