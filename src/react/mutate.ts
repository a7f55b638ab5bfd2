import { revalidate } from './call'
import { type KeyEntry, keep, showData, update } from './key-store'
import { aBoolean, aBooleanOrFunction, anything, checkEach, type Rule } from './options'

/** Options of `mutate(data, options)`, as SWR 2 has them. */
export interface MutateOptions<T> {
  /**
   * Shown at once, until the mutation settles: the data, or a function of
   * the data before.
   */
  optimisticData?: T | ((current: T | undefined) => T)
  /**
   * When the mutation fails, put back the data from before `optimisticData`.
   * Default `true`; a function decides per error.
   */
  rollbackOnError?: boolean | ((error: unknown) => boolean)
  /** Fetch the key again once the mutation settled. Default `true`. */
  revalidate?: boolean
}

/**
 * What `mutate` sets: the data, a promise of it, or a function of the data
 * before that returns either.
 */
export type MutateData<T> = T | PromiseLike<T> | ((current: T | undefined) => T | PromiseLike<T>)

/** The arguments of a `mutate`: none to fetch again, or the data and its options. */
export type MutateArgs<T> =
  | []
  | [data: MutateData<T>, options?: boolean | MutateOptions<NoInfer<T>>]

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
 */
export type Mutate<T> = (...args: MutateArgs<T>) => Promise<T | undefined>

const rules: { [Name in keyof MutateOptions<unknown>]-?: Rule } = {
  revalidate: aBoolean,
  rollbackOnError: aBooleanOrFunction,
  optimisticData: anything,
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function'

/**
 * `mutate` on the key of `entry` (see {@link Mutate}). Fetches running for
 * the key are about older data: their answers are dropped and each
 * component leaves its call.
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
  const { optimisticData, rollbackOnError } = options
  const mutation = {}
  entry.mutation = mutation
  entry.run = entry.pending = undefined
  for (const member of entry.members) member.controller?.abort()
  const before = entry.state.data
  update(
    entry,
    optimisticData === undefined
      ? { isValidating: false }
      : {
          isValidating: false,
          data: typeof optimisticData === 'function' ? optimisticData(before) : optimisticData,
        },
  )

  const end = (value: unknown, failed?: boolean) => {
    // A newer mutate owns the key now: this one changes nothing more.
    if (entry.mutation === mutation) {
      entry.mutation = undefined
      if (!failed) showData(entry, value)
      else if (
        optimisticData !== undefined &&
        (typeof rollbackOnError === 'function' ? rollbackOnError(value) : rollbackOnError !== false)
      )
        update(entry, { data: before })
      if (options.revalidate !== false) revalidate(entry, true)
    }
    return failed ? Promise.reject(value) : value
  }

  let result: unknown
  try {
    result = typeof data === 'function' ? data(before) : data
  } catch (error) {
    return Promise.resolve(end(error, true))
  }
  return isThenable(result)
    ? Promise.resolve(result).then(end, (error) => end(error, true))
    : Promise.resolve(end(result))
}
