import { encodeKey } from 'shared-call'
import { fail, isKeyString } from '../core/check'

/**
 * What to fetch: a string, or an array of plain values (`['user', id]`,
 * built anew on each render is still one key). `null`, `undefined` or
 * `false` mean "don't fetch yet".
 */
export type SharedCallKey = string | readonly unknown[] | null | undefined | false

/**
 * The key the hook gives the core, or `null` for "don't fetch". A string is
 * used as it is, so `shared.run(key)` joins the hook's fetch; an array is
 * `encodeKey(key)`, which starts with `[`. A string that starts with `[` or
 * `\` gets a `\` in front, so a string and an array never meet: `'["user"]'`
 * and `['user']` are two keys.
 *
 * @throws TypeError for anything else (`null` too, unless `nullable`), or an
 *   array that cannot be encoded.
 */
export const toId = (key: SharedCallKey, what: string, nullable = true): string | null =>
  nullable && (key === null || key === undefined || key === false)
    ? null
    : Array.isArray(key)
      ? encodeKey(key)
      : isKeyString(key)
        ? key[0] === '[' || key[0] === '\\'
          ? `\\${key}`
          : key
        : fail(
            what,
            `a non-empty string without lone surrogates${nullable ? ', an array, or null' : ' or an array'}`,
            key,
          )
