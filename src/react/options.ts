import { check, checkMs, checkPositiveMs, fail, unknownOption } from '../core/check'

/** The fetcher: receives a signal that aborts when no component waits any more. */
export type Fetcher<T> = (signal: AbortSignal) => T | PromiseLike<T>

/** Options of `useSharedCall`. `T` is the data type, `E` the error type. */
export interface UseSharedCallOptions<T = unknown, E = Error> {
  /** `false` fetches nothing, like a `null` key. Default `true`. */
  enabled?: boolean
  /**
   * Milliseconds the fetch may run before every component of the key gets a
   * `TimeoutError` (passed to `shared.join` by the call that starts the fetch).
   */
  timeout?: number
  /**
   * Milliseconds the answer stays shared with components that mount just
   * after (passed to `shared.join` by the call that starts the fetch).
   */
  shareFor?: number
  /**
   * Milliseconds a key's data is kept once no component shows it, so a
   * component that mounts on it later shows it at once. Default 5 minutes;
   * `0` forgets it a tick after the last component left; `Infinity` keeps it.
   */
  gcTime?: number
  /**
   * Fetch when the component mounts. Default: fetch when the key has no
   * data, and when it has data unless `revalidateIfStale` is `false`.
   */
  revalidateOnMount?: boolean
  /**
   * On mount, fetch again a key whose data is kept from before (shown
   * meanwhile). Default `true`. Data from `fallback`, `preload` or a
   * suspended render counts as fresh until every component that showed it has gone.
   */
  revalidateIfStale?: boolean
  /** Fetch again when the window regains focus or the page becomes visible. Default `true`. */
  revalidateOnFocus?: boolean
  /** At most one focus fetch per key in this many milliseconds. Default 5000. */
  focusThrottleInterval?: number
  /** Fetch again when the browser comes back online. Default `true`. */
  revalidateOnReconnect?: boolean
  /** Fetch again every this many milliseconds while mounted. Default `0`: never. */
  refreshInterval?: number
  /** Keep `refreshInterval` going while the page is hidden. Default `false`. */
  refreshWhenHidden?: boolean
  /**
   * Retry a failed fetch (one retry chain per key, for all its components).
   * Default `true`; a function decides per error, e.g. not for a 404.
   */
  shouldRetryOnError?: boolean | ((error: E) => boolean)
  /**
   * Retries in a row; after that, only triggers (focus, reconnect, interval,
   * `mutate()`) fetch the key, and a success starts the count again.
   * Default `Infinity`.
   */
  errorRetryCount?: number
  /**
   * Milliseconds before the first retry, doubled for each next one (up to
   * 256 times), each scaled by a random 0.5–1.5 so that clients spread out.
   * Default 5000.
   */
  errorRetryInterval?: number
  /**
   * Called with each answer of a fetch this component waited for, once per
   * component. Not for answers that are dropped (the component left the key,
   * or `mutate` came first), nor for `mutate(data)`.
   */
  onSuccess?: (data: T) => void
  /** Like `onSuccess`, for a fetch that failed. */
  onError?: (error: E) => void
  /**
   * Throw the shared promise while the key has no data, so the nearest
   * `<Suspense>` shows its fallback, and throw the error to the nearest error
   * boundary. On the server nothing suspends: the loading state (or
   * `fallbackData`) is rendered.
   */
  suspense?: boolean
  /** On a key change, show the old key's data until the new key has its answer. */
  keepPreviousData?: boolean
  /** Shown while the key has no data: before the first answer, and on the server. */
  fallbackData?: T
}

/** The options as the hook reads them: checked, and typed loosely. */
export type Options = UseSharedCallOptions<unknown, unknown>

/**
 * Throws when `value` breaks the rule; `what` names it in the message. Only
 * called for options that are present (see `checkEach`).
 */
export type Rule = (value: unknown, what: string) => unknown

export const aBoolean: Rule = (value, what) =>
  check(typeof value === 'boolean', what, 'a boolean', value)

/** A boolean, or a function that decides case by case. */
export const aBooleanOrFunction: Rule = (value, what) =>
  typeof value === 'function' || aBoolean(value, what)

const aFunction: Rule = (value, what) =>
  check(typeof value === 'function', what, 'a function', value)

/** A count: a whole number ≥ 0, or `Infinity`. */
const aCount: Rule = (value, what) =>
  check(
    value === Infinity || (Number.isInteger(value) && (value as number) >= 0),
    what,
    'a whole number ≥ 0 or Infinity',
    value,
  )

/** For an option that takes any value: it is known, and nothing more is checked. */
export const anything: Rule = () => {}

/**
 * Every option and its rule. An option missing here is rejected as unknown
 * (and is a compile error: the type asks for each one).
 */
export const rules: { [Name in keyof Options]-?: Rule } = {
  enabled: aBoolean,
  suspense: aBoolean,
  keepPreviousData: aBoolean,
  revalidateOnMount: aBoolean,
  revalidateIfStale: aBoolean,
  revalidateOnFocus: aBoolean,
  revalidateOnReconnect: aBoolean,
  refreshWhenHidden: aBoolean,
  timeout: checkMs,
  shareFor: checkMs,
  gcTime: checkMs,
  focusThrottleInterval: checkMs,
  refreshInterval: checkMs,
  errorRetryInterval: checkPositiveMs,
  errorRetryCount: aCount,
  shouldRetryOnError: aBooleanOrFunction,
  onSuccess: aFunction,
  onError: aFunction,
  fallbackData: anything,
}

/**
 * Returns `options` if it is an object whose every option is in `rules` and
 * follows its rule, else throws the `TypeError` that says which one and what
 * to pass. `what` names the object in the message. Runs in every render: an
 * option costs one lookup in `rules`, and the message is built on a mistake only.
 */
export const checkEach = <T>(options: T, what: string, rules: Record<string, Rule>): T => {
  if (typeof options !== 'object' || options === null) fail(what, 'an object', options)
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name]
    if (!Object.hasOwn(rules, name)) unknownOption(what, Object.keys(rules), name, value)
    else if (value !== undefined) rules[name]!(value, `${what}.${name}`)
  }
  return options
}

/** `checkEach` with the rules of `useSharedCall`'s options: during render, at the call site. */
export const checkOptions = (options: unknown, what: string): Options =>
  checkEach(options as Options, what, rules)
