import type { SharedCallStats } from 'shared-call'
import { SharedCall } from 'shared-call'
import {
  type Mutate,
  mutate as mutateKey,
  preload,
  SharedCallProvider,
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

  it('mutate takes nothing, the data, a promise or a function of it, and SWR 2 options', () => {
    const { mutate } = useSharedCall('k', async () => 1)
    expectTypeOf(mutate()).toEqualTypeOf<Promise<number | undefined>>()
    mutate(2)
    mutate(Promise.resolve(2), { optimisticData: 3, rollbackOnError: true, revalidate: false })
    mutate((current) => (current ?? 0) + 1, false)
    mutate(async (current) => (current ?? 0) + 1, {
      optimisticData: (current) => (current ?? 0) + 1,
      rollbackOnError: (error) => error instanceof TypeError,
    })
    // @ts-expect-error: not the data type
    mutate('2')
    // @ts-expect-error: optimisticData of another type
    mutate(2, { optimisticData: 'x' })
    mutate(2, { populateCache: false })
    // populateCache as a function: the mutation may return another type.
    expectTypeOf(
      mutate(Promise.resolve('3'), { populateCache: (added, current) => (current ?? 0) + +added }),
    ).toEqualTypeOf<Promise<string | undefined>>()
    // @ts-expect-error: without it, the result must be the data
    mutate(Promise.resolve('3'), { populateCache: true })
  })

  it('global mutate and preload take the instance first, or use the default one', () => {
    const shared = new SharedCall()
    expectTypeOf(mutateKey(['user', 1], { name: 'x' })).toEqualTypeOf<
      Promise<{ name: string } | undefined>
    >()
    mutateKey(shared, 'k')
    mutateKey<number>(shared, 'k', (n) => (n ?? 0) + 1, { revalidate: false })
    // A key filter: each key as a hook gave it; one result per key picked.
    expectTypeOf(
      mutateKey(shared, (key) =>
        (typeof key === 'string' ? key : String(Object.values(key)[0])).startsWith('/api/'),
      ),
    ).toEqualTypeOf<Promise<unknown[]>>()
    mutateKey(() => true, undefined, { revalidate: false })
    // undefined on a server, where preload does nothing
    expectTypeOf(preload('k', async () => 42)).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(preload(shared, ['k'], (signal: AbortSignal) => signal.aborted)).toEqualTypeOf<
      Promise<boolean | undefined>
    >()
  })

  it('SharedCallProvider takes an instance, fallback data and default options, all optional', () => {
    SharedCallProvider({})
    SharedCallProvider({ value: new SharedCall(), fallback: { k: 1 }, options: { gcTime: 0 } })
    // @ts-expect-error: options are checked
    SharedCallProvider({ options: { gcTime: '5m' } })
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
      gcTime: 60_000,
      revalidateOnMount: true,
      revalidateIfStale: false,
      revalidateOnFocus: true,
      focusThrottleInterval: 1000,
      revalidateOnReconnect: false,
      refreshInterval: 5000,
      refreshWhenHidden: true,
      shouldRetryOnError: (error) => error.message !== '404',
      errorRetryCount: 3,
      errorRetryInterval: 1000,
    }
    useSharedCall('k', async () => 1, options)
    // @ts-expect-error: enabled is a boolean
    useSharedCall('k', async () => 1, { enabled: 'no' })
  })

  it('useSharedCallStats returns the core stats', () => {
    expectTypeOf(useSharedCallStats()).toEqualTypeOf<SharedCallStats>()
  })
})
