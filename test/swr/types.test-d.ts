// SWR 2's generics through shared-call/swr: code typed against `swr`
// type-checks unchanged. Checked by tsc (the `types` project), never run.
import useSWR, {
  type Fetcher,
  type Key,
  type KeyedMutator,
  mutate,
  preload,
  type SWRConfiguration,
  type SWRResponse,
  unstable_serialize,
  useSWRConfig,
} from 'shared-call/swr'
import { describe, expectTypeOf, it } from 'vitest'

interface User {
  id: number
  name: string
}

declare const maybe: boolean
declare const getUser: (url: string) => Promise<User>

describe('useSWR types', () => {
  it('the key reaches the fetcher with its type: a string literal, a tuple, an object, a function’s result', () => {
    useSWR('/api/user', (key) => {
      expectTypeOf(key).toEqualTypeOf<'/api/user'>()
      return key
    })
    useSWR(maybe ? '/api/user' : null, (key) => {
      expectTypeOf(key).toEqualTypeOf<'/api/user'>()
      return key
    })
    useSWR(['/api/user', 1], (key) => {
      expectTypeOf(key).toEqualTypeOf<[string, number]>()
      return key
    })
    useSWR({ url: '/api', page: 1 }, (key) => {
      expectTypeOf(key).toEqualTypeOf<{ url: string; page: number }>()
      return key
    })
    useSWR(
      () => (maybe ? (['/api/user', 2] as const) : null),
      (key) => {
        expectTypeOf(key).toEqualTypeOf<readonly ['/api/user', 2]>()
        return key
      },
    )
  })

  it('the fetcher gets { signal } as its second argument', () => {
    useSWR('/api/user', (url, { signal }) => {
      expectTypeOf(signal).toEqualTypeOf<AbortSignal>()
      return fetch(url, { signal }).then((r) => r.json() as Promise<User>)
    })
  })

  it('Data is inferred from the fetcher, or given: useSWR<Data, Error>', () => {
    const inferred = useSWR('/api/user', getUser)
    expectTypeOf(inferred.data).toEqualTypeOf<User | undefined>()
    expectTypeOf(inferred.mutate).toEqualTypeOf<KeyedMutator<User>>()

    const given = useSWR<User, TypeError>('/api/user')
    expectTypeOf(given.data).toEqualTypeOf<User | undefined>()
    expectTypeOf(given.error).toEqualTypeOf<TypeError | undefined>()
    expectTypeOf(given.isLoading).toEqualTypeOf<boolean>()

    // Untyped, as with SWR: data is any.
    const untyped = useSWR('/api/user')
    expectTypeOf(untyped.data).toBeAny()
  })

  it('with fallbackData or suspense: true, data is never undefined', () => {
    const user: User = { id: 1, name: 'Ada' }
    expectTypeOf(useSWR('/api/user', getUser, { fallbackData: user }).data).toEqualTypeOf<User>()
    expectTypeOf(useSWR('/api/user', getUser, { suspense: true }).data).toEqualTypeOf<User>()
    expectTypeOf(useSWR('/api/user', getUser, { revalidateOnFocus: false }).data).toEqualTypeOf<
      User | undefined
    >()
  })

  it('options are typed by the data: refreshInterval(latestData), onSuccess(data, key, config)', () => {
    useSWR('/api/user', getUser, {
      refreshInterval: (latest) => {
        expectTypeOf(latest).toEqualTypeOf<User | undefined>()
        return 1000
      },
      onSuccess: (data, key) => {
        expectTypeOf(data).toEqualTypeOf<User>()
        expectTypeOf(key).toEqualTypeOf<string>()
      },
      compare: (a, b) => a?.id === b?.id,
    })
  })

  it('mutate, preload, unstable_serialize and useSWRConfig have SWR’s signatures', () => {
    expectTypeOf(mutate('/api/user', { id: 1, name: 'Ada' }, { revalidate: false })).toEqualTypeOf<
      Promise<{ id: number; name: string } | undefined>
    >()
    expectTypeOf(mutate((key) => typeof key === 'string', undefined, false)).toEqualTypeOf<
      Promise<undefined[]>
    >()
    expectTypeOf(preload('/api/user', getUser)).toEqualTypeOf<
      Promise<User | undefined> | undefined
    >()
    expectTypeOf(unstable_serialize(['user', 1])).toEqualTypeOf<string>()
    expectTypeOf(useSWRConfig().mutate).toEqualTypeOf<typeof mutate>()
    const config: SWRConfiguration = { dedupingInterval: 100, provider: () => new Map() }
    expectTypeOf(config).toMatchTypeOf<SWRConfiguration>()
  })

  it('its exported types compose as in SWR', () => {
    const fetcher: Fetcher<User, ['user', number]> = ([, id]) => getUser(`/api/user/${id}`)
    const key: Key = ['user', 1]
    const response = useSWR(key, fetcher as Fetcher<User, Key>)
    expectTypeOf(response).toMatchTypeOf<SWRResponse<User>>()
  })
})
