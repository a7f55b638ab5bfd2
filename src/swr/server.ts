// `shared-call/swr` as React Server Components see it (the `react-server`
// export condition), as SWR's own: `SWRConfig` (a client reference: a server
// component renders it), and `unstable_serialize` and `preload`, which run on
// the server. `preload` starts the fetch there and returns `{ [key]: promise }`
// for `SWRConfig`'s `cacheData`: the client shows the promise's value,
// suspending on it until it streams in (React 19), without fetching again.
//
// The build keeps `./index` as an import of the client entry (dist/swr.js):
// see tsup.config.ts.
import { resolveKey, serializeKey } from '../react/key'
import type { Any, FetcherResponse, Key } from './types'

export { SWRConfig } from './index'

/** The string a key is stored under (`''` for no key): `cacheData`'s and `fallback`'s keys. */
export const unstable_serialize = serializeKey as (key: Key) => string

/**
 * Starts fetching `key` on the server, for the client: `{ [key]: promise }`,
 * to give `SWRConfig` as `cacheData`. The fetcher gets the key, and a signal
 * (nothing aborts it: the server renders until the data is there).
 */
export const preload = <Data = Any>(
  key: Key,
  fetcher: (arg: Any, options: { signal: AbortSignal }) => FetcherResponse<Data>,
): Record<string, FetcherResponse<Data>> => {
  const arg = resolveKey(key as Parameters<typeof resolveKey>[0])
  return { [serializeKey(arg)]: fetcher(arg, { signal: new AbortController().signal }) }
}
