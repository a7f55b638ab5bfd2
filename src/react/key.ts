import { encodeKey } from 'shared-call'
import { fail, isKeyString } from '../core/check'

/**
 * What to fetch: a string, an array of plain values (`['user', id]`, built
 * anew on each render is still one key) or a plain object of them (`{ url,
 * page }`, compared by value). `null`, `undefined` or `false` mean "don't
 * fetch yet".
 */
export type SharedCallKey =
  | string
  | readonly unknown[]
  | Readonly<Record<string, unknown>>
  | null
  | undefined
  | false

/**
 * The key a hook renders with: a function's result, where a function that
 * throws means "not ready yet" (`user.id` of a `user` still loading), as in
 * SWR; the empty string and the empty array are empty keys. Both give `null`.
 */
export const resolveKey = (key: SharedCallKey | (() => SharedCallKey)): SharedCallKey => {
  if (typeof key === 'function') {
    try {
      key = key()
    } catch {
      return null
    }
  }
  return key === '' || (Array.isArray(key) && !key.length) ? null : key
}

/**
 * The key the hook gives the core, or `null` for "don't fetch". A string is
 * used as it is, so `shared.run(key)` joins the hook's fetch; an array or a
 * plain object is `encodeKey(key)`, which starts with `[` or `{`. A string
 * that starts with `[`, `{` or `\` gets a `\` in front, so a string never
 * meets them: `'["user"]'` and `['user']` are two keys.
 *
 * @throws TypeError for anything else (`null` too, unless `nullable`), or an
 *   array or object that cannot be encoded.
 */
export const toId = (key: SharedCallKey, what: string, nullable = true): string | null =>
  nullable && (key === null || key === undefined || key === false)
    ? null
    : Array.isArray(key) || (key as object)?.constructor === Object
      ? encodeKey(key)
      : isKeyString(key)
        ? /^[[{\\]/.test(key)
          ? `\\${key}`
          : key
        : fail(
            what,
            `a non-empty string without lone surrogates, an array${nullable ? ', a plain object or null' : ' or a plain object'}`,
            key,
          )

/**
 * The string the hooks store a key under (`''` for no key): the keys of a
 * provider's `fallback` are these, as SWR's `unstable_serialize` gives them.
 * A key function is called (one that throws: no key).
 *
 * @example
 * ```tsx fragment
 * <SharedCallProvider fallback={{ [serializeKey(['product', id])]: product }}>
 * ```
 */
export const serializeKey = (key: SharedCallKey | (() => SharedCallKey)): string =>
  toId(resolveKey(key), 'serializeKey key') ?? ''
