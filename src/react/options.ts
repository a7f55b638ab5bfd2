/** Options of `useSharedCall`. `T` is the data type, `E` the error type. */
export interface UseSharedCallOptions<T = unknown, E = Error> {
  /** `false` fetches nothing, like a `null` key. Default `true`. */
  enabled?: boolean
  /**
   * Milliseconds the fetch may run before every component of the key gets a
   * `TimeoutError` (passed to `shared.run` by the call that starts the fetch).
   */
  timeout?: number
  /**
   * Milliseconds the answer stays shared with components that mount just
   * after (passed to `shared.run` by the call that starts the fetch).
   */
  shareFor?: number
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

/** Throws the `TypeError` of a bad argument, prefixed with where it came from. */
export const fail = (problem: string): never => {
  throw new TypeError(`shared-call: useSharedCall ${problem}`)
}

/** Throws a `TypeError` that says what to pass, for options that cannot work. */
export const checkOptions = (options: unknown): UseSharedCallOptions => {
  if (typeof options !== 'object' || options === null) return fail('options must be an object')
  for (const name of ['onSuccess', 'onError'] as const) {
    const callback = (options as UseSharedCallOptions)[name]
    if (callback !== undefined && typeof callback !== 'function') {
      fail(`options.${name} must be a function`)
    }
  }
  return options
}
