import type { SharedFetchInit } from './fetch'
import { SharedCall } from './shared-call'

/**
 * The instance used when none is given: by `sharedFetch`, by `useSharedCall`
 * without a provider and by the Hono middleware without `shared`. Everything
 * in one runtime therefore shares one flight map and one set of stats.
 */
export const defaultSharedCall: SharedCall = /* @__PURE__ */ new SharedCall()

/**
 * `fetch` that coalesces identical concurrent GET and HEAD requests through
 * `defaultSharedCall`. Each caller receives its own `Response` with its own body.
 *
 * @example
 * ```ts
 * const [a, b] = await Promise.all([sharedFetch('/api/items'), sharedFetch('/api/items')]) // one request
 * await a.json(); await b.json()
 * ```
 */
export const sharedFetch = (input: RequestInfo | URL, init?: SharedFetchInit): Promise<Response> =>
  defaultSharedCall.fetch(input, init)
