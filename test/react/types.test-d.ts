import type { SharedCallStats } from 'shared-call'
import {
  type Mutate,
  type UseSharedCallOptions,
  useSharedCall,
  useSharedCallStats,
} from 'shared-call/react'
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

  it('with fallbackData, data is never undefined', () => {
    const { data } = useSharedCall('k', async () => ({ id: 1 }), { fallbackData: { id: 0 } })
    expectTypeOf(data).toEqualTypeOf<{ id: number }>()
    const without = useSharedCall('k', async () => ({ id: 1 }), { keepPreviousData: true })
    expectTypeOf(without.data).toEqualTypeOf<{ id: number } | undefined>()
  })

  it('fallbackData must have the fetcher’s data type: it does not widen it', () => {
    // @ts-expect-error: a string is no { id: number }
    useSharedCall('k', async () => ({ id: 1 }), { fallbackData: 'none' })
  })

  it('onSuccess gets the data, onError the error type', () => {
    useSharedCall('k', async () => 42, {
      onSuccess: (data) => expectTypeOf(data).toEqualTypeOf<number>(),
      onError: (error) => expectTypeOf(error).toEqualTypeOf<Error>(),
    })
    useSharedCall<string, TypeError>('k', () => 'x', {
      onError: (error) => expectTypeOf(error).toEqualTypeOf<TypeError>(),
    })
    // @ts-expect-error: the data is a number
    useSharedCall('k', async () => 42, { onSuccess: (data: string) => data })
  })

  it('takes every option, with their types', () => {
    const options: UseSharedCallOptions<number> = {
      enabled: false,
      suspense: true,
      keepPreviousData: true,
      fallbackData: 0,
      timeout: 1000,
      shareFor: 100,
    }
    useSharedCall('k', async () => 1, options)
    // @ts-expect-error: enabled is a boolean
    useSharedCall('k', async () => 1, { enabled: 'no' })
  })

  it('useSharedCallStats returns the core stats', () => {
    expectTypeOf(useSharedCallStats()).toEqualTypeOf<SharedCallStats>()
  })
})
