import { check, checkMs, fail, unknownOption } from '../core/check'

/**
 * The fetcher: receives a signal that aborts when no component waits any
 * more, and the key (as given, or as a key function returned it), for a
 * fetcher shared by many keys (a provider's `options.fetcher`).
 */
export type Fetcher<T> = (signal: AbortSignal, key: ReadyKey) => T | PromiseLike<T>

/** A key that is ready to fetch: never `null`, `undefined`, `false` or a function. */
export type ReadyKey = string | readonly unknown[] | Readonly<Record<string, unknown>>

/**
 * What the event callbacks receive after their own arguments: the key as the
 * core sees it, and the options in effect for the component it belongs to.
 */
type Called = [key: string, config: Readonly<UseSharedCallOptions<unknown, unknown>>]

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
   * Milliseconds after the key's last answer in which a component that
   * mounts on it shows that answer without fetching it again (and without
   * flipping `isValidating` for the others), and focus, reconnect and
   * `refreshInterval` fetch nothing: SWR's option of that name. Default
   * 2000. `mutate()` is not held back by it, and clears it.
   */
  dedupingInterval?: number
  /**
   * Milliseconds a key's data is kept once no component shows it, so a
   * component that mounts on it later shows it at once. Default 5 minutes;
   * `0` forgets it a tick after the last component left; `Infinity` keeps it.
   */
  gcTime?: number
  /**
   * Fetch when the component mounts on its first key (after a key change,
   * `revalidateIfStale` decides). Default: fetch when the key has no data,
   * and when it has data unless `revalidateIfStale` is `false`. Either way
   * not within `dedupingInterval` of the key's last answer.
   */
  revalidateOnMount?: boolean
  /**
   * On mount, fetch again a key whose data is kept from before (shown
   * meanwhile; the fetch starts at the next frame). Default `true`. Data
   * from `fallback`, `preload` or a suspended render counts as fresh until
   * every component that showed it has gone; with `false`, `fallbackData`
   * counts as data too (nothing loads).
   */
  revalidateIfStale?: boolean
  /** Fetch again when the window regains focus or the page becomes visible. Default `true`. */
  revalidateOnFocus?: boolean
  /**
   * Focus fetches a key only this many milliseconds after its last answer.
   * Default 5000.
   */
  focusThrottleInterval?: number
  /** Fetch again when the browser comes back online. Default `true`. */
  revalidateOnReconnect?: boolean
  /**
   * Fetch again every this many milliseconds while mounted, counted from the
   * end of the last one. Default `0`: never. A function of the key's latest
   * data gives the interval anew after each fetch (`0`: stop).
   */
  refreshInterval?: number | ((latestData: T | undefined) => number)
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
   * Default 5000; `0` retries at once.
   */
  errorRetryInterval?: number
  /**
   * Called once per answer of the key's fetch, whatever the number of its
   * components: the callback of its first mounted component that has one,
   * from its latest render. Not for answers that are dropped (every
   * component left the key, or `mutate` came first), nor for `mutate(data)`.
   */
  onSuccess?: (data: T, ...called: Called) => void
  /** Like `onSuccess`, once per failed fetch of the key. */
  onError?: (error: E, ...called: Called) => void
  /**
   * A retry policy of your own, in place of the built-in backoff: called
   * once per failure of the key (when `shouldRetryOnError` allows one) with
   * `revalidate`, which fetches the key again for its components, and the
   * count of failures in a row.
   */
  onErrorRetry?: (
    error: E,
    ...called: [...Called, revalidate: () => void, attempt: { retryCount: number }]
  ) => void
  /**
   * Called once per fetch of a key that has no data to show when it is still
   * running after `loadingTimeout` ms (default 3000): say "still loading…".
   */
  onLoadingSlow?: (...called: Called) => void
  /** Milliseconds before `onLoadingSlow`. Default 3000. */
  loadingTimeout?: number
  /**
   * Called once when an answer of the key is dropped because a `mutate` or a
   * newer fetch replaced its fetch (which is then aborted, if no caller
   * still waits).
   */
  onDiscarded?: (...called: Called) => void
  /**
   * While it returns `true`, the key is not fetched (not on mount, nor by a
   * trigger or retry) and a failed fetch shows no error: an app that knows it
   * is offline, or signed out.
   */
  isPaused?: () => boolean
  /**
   * Whether a new answer equals the data shown: `true` keeps the shown data
   * (the same object), so nothing re-renders. Default: the same value, or
   * equal plain data (object key order aside), as SWR's.
   */
  compare?: (shown: T | undefined, answer: T | undefined) => boolean
  /**
   * The fetcher of hooks given none (`useSharedCall(key)`), mostly set once
   * in a provider's `options`. A hook with no fetcher at all fetches
   * nothing: it shows what `mutate`, `fallback` or another hook put there.
   */
  fetcher?(signal: AbortSignal, key: ReadyKey): T | PromiseLike<T>
  /**
   * Throw the shared promise while the key has no data, so the nearest
   * `<Suspense>` shows its fallback, and throw the error to the nearest error
   * boundary. On the server nothing suspends: the loading state (or
   * `fallbackData`) is rendered.
   */
  suspense?: boolean
  /** On a key change, show the old key's data until the new key has its answer. */
  keepPreviousData?: boolean
  /**
   * Shown while the key has no data: before the first answer, and on the
   * server. A promise suspends the component until it resolves (React 19
   * streams server promises to the client this way).
   */
  fallbackData?: T | Promise<T>
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

/** A duration, or a function that gives one. */
const msOrFunction: Rule = (value, what) => typeof value === 'function' || checkMs(value, what)

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
  refreshInterval: msOrFunction,
  loadingTimeout: checkMs,
  errorRetryInterval: checkMs,
  dedupingInterval: checkMs,
  errorRetryCount: aCount,
  shouldRetryOnError: aBooleanOrFunction,
  onSuccess: aFunction,
  onError: aFunction,
  onErrorRetry: aFunction,
  onLoadingSlow: aFunction,
  onDiscarded: aFunction,
  isPaused: aFunction,
  compare: aFunction,
  fetcher: aFunction,
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
