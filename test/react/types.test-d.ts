import type { SharedCallStats } from 'shared-call'
import { type Mutate, useSharedCall, useSharedCallStats } from 'shared-call/react'
import { describe, expectTypeOf, it } from 'vitest'

describe('useSharedCall types', () => {
  it('infers data from the fetcher, unwrapping the promise', () => {
    const result = useSharedCall('k', async (signal: AbortSignal) => ({ id: 1, signal }))
    expectTypeOf(result.data).toEqualTypeOf<{ id: number; signal: AbortSignal } | undefined>()
    expectTypeOf(result.error).toEqualTypeOf<Error | undefined>()
    expectTypeOf(result.isLoading).toBeBoolean()
    expectTypeOf(result.mutate).toEqualTypeOf<Mutate<{ id: number; signal: AbortSignal }>>()
  })

  it('takes the data type explicitly, and an error type', () => {
    const { data, error } = useSharedCall<string, unknown>(['user', 1], () => 'x')
    expectTypeOf(data).toEqualTypeOf<string | undefined>()
    expectTypeOf(error).toEqualTypeOf<unknown>()
  })

  it('mutate takes no argument or the data, nothing else', () => {
    const { mutate } = useSharedCall('k', async () => 1)
    mutate()
    mutate(2)
    // @ts-expect-error: not the data type
    mutate('2')
  })

  it('rejects keys that are not strings, arrays or "wait"', () => {
    // @ts-expect-error: a number is no key
    useSharedCall(1, async () => 1)
    useSharedCall(null, async () => 1)
    useSharedCall(false, async () => 1)
  })

  it('useSharedCallStats returns the core stats', () => {
    expectTypeOf(useSharedCallStats()).toEqualTypeOf<SharedCallStats>()
  })
})
