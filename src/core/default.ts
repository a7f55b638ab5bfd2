import { SharedCall } from './shared-call'

/**
 * The instance used when none is given: by `sharedFetch`, by `useSharedCall`
 * without a provider and by the Hono middleware without `shared`. Everything
 * in one runtime therefore shares one flight map and one set of stats.
 */
export const defaultSharedCall: SharedCall = /* @__PURE__ */ new SharedCall()
