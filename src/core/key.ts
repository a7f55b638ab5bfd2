import { fail } from './check'

/**
 * Encodes a JSON-like value into a stable string key.
 *
 * - Object key order does not matter: `{ a: 1, b: 2 }` and `{ b: 2, a: 1 }` give one key.
 * - Types are tagged: `1`, `"1"`, `1n` and `true` all give different keys.
 * - Takes strings, numbers (`NaN`, `-0` and `Infinity` too), bigints, booleans,
 *   `null`, `undefined`, arrays, plain objects, `Date`, `Map`, `Set`, and
 *   objects with `toJSON()` (such as `URL`).
 *
 * @throws TypeError for functions, symbols, class instances without `toJSON`
 *   and circular structures: key by an id instead (or give `group` a `key` function).
 *
 * @example
 * ```ts
 * encodeKey(['user', { id: 42 }]) === encodeKey(['user', { id: 42 }]) // true
 * ```
 */
export const encodeKey = (value: unknown): string =>
  encode(value, [], ' (put an id in the key instead)')

/** `encodeKey` for `group`'s arguments: a failure points at its `key` option. */
export const encodeArgs = (value: unknown): string =>
  encode(value, [], ' (else pass group a `key` function)')

const PART =
  'a string, number, bigint, boolean, null, undefined, array, plain object, Date, Map, Set or object with toJSON'

// Every encoding starts with its type's own mark (" n b [ { d M S j, or the
// words true false null undefined), so values of different types never meet.
// `hint` ends each failure's rule: what to do instead, for this caller.
const encode = (value: unknown, path: object[], hint: string): string => {
  const type = typeof value
  if (type === 'string') return JSON.stringify(value)
  if (type === 'number') return `n${Object.is(value, -0) ? '-0' : value}`
  if (type === 'bigint') return `b${value}`
  if (type === 'boolean' || value == null) return String(value)
  if (type !== 'object') return fail('a key part', PART + hint, value)
  const object = value as Record<string, unknown> & { toJSON?: () => unknown }
  if (path.includes(object)) fail('a key part', `free of cycles${hint}`, object)
  path.push(object)
  const out = encodeObject(object, path, hint)
  path.pop()
  return out
}

/** An object's encoding, by its kind. `path` holds the objects being encoded, for cycles. */
const encodeObject = (
  object: Record<string, unknown> & { toJSON?: () => unknown },
  path: object[],
  hint: string,
): string => {
  // Array.from, not map: a hole is encoded as undefined, not left out, or
  // [ , ] would meet [].
  const all = (items: unknown[]) => Array.from(items, (item) => encode(item, path, hint))
  if (Array.isArray(object)) return `[${all(object)}]`
  if (object instanceof Date) return `d${+object}`
  if (object instanceof Map || object instanceof Set)
    return `${object instanceof Map ? 'M' : 'S'}[${all([...object]).sort()}]`
  const proto = Object.getPrototypeOf(object)
  if (proto === Object.prototype || proto === null) {
    // Symbol keys cannot be encoded; left out, they would let objects that
    // differ only in them share a key.
    if (Object.getOwnPropertySymbols(object).length)
      fail('a key part', `free of symbol keys${hint}`, object)
    const entries = Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${encode(object[key], path, hint)}`)
    return `{${entries}}`
  }
  if (typeof object.toJSON === 'function') return `j${encode(object.toJSON(), path, hint)}`
  return fail('a key part', PART + hint, object)
}
