import { fail } from './errors'

/**
 * Encodes any JSON-like value into a stable string key.
 *
 * - Object key order does not matter: `{ a: 1, b: 2 }` and `{ b: 2, a: 1 }` give one key.
 * - Types are tagged: `1`, `"1"`, `1n` and `true` all give different keys.
 * - Supports strings, numbers (with `NaN`, `-0`, `Infinity`), bigints, booleans,
 *   `null`, `undefined`, arrays, plain objects, `Date`, `Map`, `Set`, and
 *   objects with `toJSON()` (such as `URL`).
 *
 * @throws TypeError for functions, symbols, class instances without `toJSON`,
 *   and circular structures: pass an explicit `key` function instead.
 *
 * @example
 * ```ts
 * encodeKey(['user', { id: 42 }]) === encodeKey(['user', { id: 42 }]) // true
 * ```
 */
export const encodeKey = (value: unknown): string => encode(value, [])

const encode = (value: unknown, path: object[]): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return `n${Object.is(value, -0) ? '-0' : value}`
    case 'bigint':
      return `b${value}`
    case 'boolean':
      return value ? 't' : 'f'
    case 'undefined':
      return 'u'
    case 'object':
      return value === null ? 'z' : encodeObject(value, path)
  }
  return fail(`cannot encode a ${typeof value} as part of a key; pass a \`key\` function`)
}

const encodeObject = (value: object, path: object[]): string => {
  if (path.includes(value))
    fail('cannot encode a circular structure as a key; pass a `key` function')
  path.push(value)
  const all = (items: unknown[]) => items.map((item) => encode(item, path))
  let out: string
  const proto = Object.getPrototypeOf(value)
  if (Array.isArray(value)) out = `[${all(value)}]`
  else if (value instanceof Date) out = `d${value.getTime()}`
  else if (value instanceof Map) out = `M[${all([...value]).sort()}]`
  else if (value instanceof Set) out = `S[${all([...value]).sort()}]`
  else if (proto === Object.prototype || proto === null) {
    out = `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${encode((value as Record<string, unknown>)[k], path)}`)}}`
  } else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    out = `j${encode((value as { toJSON(): unknown }).toJSON(), path)}`
  } else {
    out = fail(
      `cannot encode a ${proto?.constructor?.name ?? 'object'} instance as a key; pass a \`key\` function`,
    )
  }
  path.pop()
  return out
}
