import type { Codec } from './types'

const carries = (value: unknown): boolean => {
  if (typeof value === 'bigint') return false
  if (value === null || typeof value !== 'object' || 'toJSON' in value) return true
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === Array.prototype || proto === null
}

/**
 * JSON, wrapped so that `undefined` survives. Values that JSON would quietly
 * change (Map, Set, bigint, class instances without `toJSON`) are refused
 * with a TypeError. Dates travel as ISO strings, as in any JSON cache.
 */
export const jsonCodec: Codec = {
  encode: (value) =>
    new TextEncoder().encode(
      JSON.stringify({ v: value }, (_, item) => {
        if (carries(item)) return item
        const name =
          typeof item === 'bigint' ? 'bigint' : Object.getPrototypeOf(item)?.constructor?.name
        throw new TypeError(`JSON cannot carry a ${name ?? 'class instance'}`)
      }),
    ),
  decode: (bytes) => JSON.parse(new TextDecoder().decode(bytes)).v,
}
