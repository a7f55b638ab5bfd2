import { revalidate } from './call'
import { abandon, discard } from './callbacks'
import { type KeyEntry, keep, showData, update } from './key-store'
import { aBooleanOrFunction, anything, checkEach, type Rule } from './options'
import { isThenable } from './promise'

/**
 * Options of `mutate(data, options)`, as SWR 2 has them. `T` is the key's
 * data type, `R` the type of what the mutation returns.
 */
export interface MutateOptions<T, R = T> {
  /**
   * Shown at once, until the mutation settles: the data, or a function of
   * the key's committed data (never another mutation's optimistic data) and
   * of the data on screen.
   */
  optimisticData?: T | ((committed: T | undefined, displayed: T | undefined) => T)
  /**
   * When the mutation fails, put back the committed data from before
   * `optimisticData`. Default `true`; a function decides per error.
   */
  rollbackOnError?: boolean | ((error: unknown) => boolean)
  /**
   * Write the mutation's result as the key's data. Default `true`; `false`
   * leaves the data (and `optimisticData`) as it is; a function
   * `(result, committed) => data` makes the data from the result, e.g. adds
   * the item a POST returned to the list.
   */
  populateCache?: boolean | ((result: R, committed: T | undefined) => T)
  /**
   * Fetch the key again once the mutation settled. Default `true`; a
   * function `(data, key) => boolean` decides from the key's new data (the
   * key as the core sees it).
   */
  revalidate?: boolean | ((data: T | undefined, key: string) => boolean)
}

/**
 * What `mutate` sets: the data, a promise of it, or a function of the key's
 * committed data that returns either.
 */
export type MutateData<R, T = R> =
  | R
  | PromiseLike<R>
  | ((committed: T | undefined) => R | PromiseLike<R>)

/**
 * The arguments of a `mutate`: none to fetch again, or the data (`undefined`
 * clears it) and its options.
 */
export type MutateArgs<T> =
  | []
  | [data: MutateData<T> | undefined, options?: boolean | MutateOptions<NoInfer<T>>]

/**
 * Changes the data of a key for every component of it, as SWR 2's `mutate`:
 *
 * - `mutate()` fetches again, once for every component of the key; the
 *   answer of a fetch started before is dropped. Resolves with the key's data
 *   once the fetch settled (it never rejects: a failure is in `error`).
 * - `mutate(data, options?)` sets the data (or the result of a promise or a
 *   function of the data before), then fetches again unless
 *   `revalidate: false` (or `false` as the options). Resolves with the
 *   result; rejects with the error of a failed promise or function, after
 *   the rollback.
 *
 * Referentially stable: the `mutate` of a hook is one function for the
 * component's life, and works on its current key.
 */
export interface Mutate<T> {
  /** With `populateCache` as a function, the mutation may return another type. */
  <R>(
    data: MutateData<R, T>,
    options: MutateOptions<NoInfer<T>, R> & {
      populateCache: (result: R, committed: T | undefined) => T
    },
  ): Promise<R | undefined>
  (...args: MutateArgs<T>): Promise<T | undefined>
}

const rules: { [Name in keyof MutateOptions<unknown>]-?: Rule } = {
  revalidate: aBooleanOrFunction,
  rollbackOnError: aBooleanOrFunction,
  populateCache: aBooleanOrFunction,
  optimisticData: anything,
}

/**
 * `mutate` on the key of `entry` (see {@link Mutate}). Fetches running for
 * the key are about older data: their answers are dropped and each
 * component leaves its call; so is a fetch that starts while the mutation
 * runs (a component that mounts meanwhile), and a result the core keeps for
 * `shareFor`. Of overlapping mutations, the last one started decides the
 * data, whichever ends last.
 */
export const mutateKey = (entry: KeyEntry | undefined, args: unknown[]): Promise<unknown> => {
  if (!entry) return Promise.resolve(undefined)
  // A key no component shows (data set from outside, a `mutate` called after
  // its component left) is dropped after the default gcTime.
  keep(entry)
  const read = () => entry.state.data
  if (!args.length) return Promise.resolve(revalidate(entry, true)).then(read, read)
  const [data, given] = args
  const options: MutateOptions<unknown> = checkEach(
    typeof given === 'boolean' ? { revalidate: given } : (given ?? {}),
    'mutate options',
    rules,
  )
  const { optimisticData, rollbackOnError, populateCache } = options
  const mutation = {}
  entry.mutation = mutation
  abandon(entry)
  const displayed = entry.state.data
  // What the data is under any optimistic data: never another mutation's.
  const committed = entry.committed ? entry.committed[0] : displayed
  update(entry, { isValidating: false })
  if (optimisticData !== undefined) {
    entry.committed = [committed]
    update(entry, {
      data:
        typeof optimisticData === 'function'
          ? optimisticData(committed, displayed)
          : optimisticData,
    })
  }

  const end = (value: unknown, failed?: boolean) => {
    // A newer mutate owns the key now: this one changes nothing more.
    if (entry.mutation === mutation) {
      // A fetch started meanwhile is older than this result: dropped.
      // A fetch started meanwhile is older than this result: dropped.
      entry.mutation = entry.committed = undefined
      discard(entry)
      update(entry, { isValidating: false })
      if (!failed) {
        if (populateCache !== false)
          showData(
            entry,
            typeof populateCache === 'function' ? populateCache(value, committed) : value,
          )
      } else if (
        optimisticData !== undefined &&
        (typeof rollbackOnError === 'function' ? rollbackOnError(value) : rollbackOnError !== false)
      )
        update(entry, { data: committed })
      const again = options.revalidate
      if (typeof again === 'function' ? again(entry.state.data, entry.id) : again !== false)
        revalidate(entry, true)
    }
    return failed ? Promise.reject(value) : value
  }

  let result: unknown
  try {
    result = typeof data === 'function' ? data(committed) : data
  } catch (error) {
    return Promise.resolve(end(error, true))
  }
  return isThenable(result)
    ? Promise.resolve(result).then(end, (error) => end(error, true))
    : Promise.resolve(end(result))
}
