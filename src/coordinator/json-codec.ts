import type { Codec } from './types'

const carries = (value: unknown): boolean => {
  if (typeof value === 'bigint') return false
  if (value === null || typeof value !== 'object' || 'toJSON' in value) return true
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === Array.prototype || proto === null
}

/** Marks bytes in the JSON text; it starts with a NUL, so no ordinary key looks the same. */
const BYTES = '\u0000bytes'

const toBase64 = (bytes: Uint8Array): string => {
  let binary = ''
  // In slices: a call takes only so many arguments.
  for (let i = 0; i < bytes.length; i += 8192) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 8192))
  }
  return btoa(binary)
}

const fromBase64 = (text: string): Uint8Array =>
  Uint8Array.from(atob(text), (char) => char.charCodeAt(0))

/**
 * JSON, wrapped so that `undefined` survives, carrying `Uint8Array` as base64
 * (a response body, say). Values that JSON would quietly change (Map, Set,
 * bigint, class instances without `toJSON`) are refused with a TypeError.
 * Dates travel as ISO strings, as in any JSON cache.
 */
export const jsonCodec: Codec = {
  encode: (value) =>
    new TextEncoder().encode(
      JSON.stringify({ v: value }, (_, item) => {
        if (item instanceof Uint8Array) return { [BYTES]: toBase64(item) }
        if (carries(item)) return item
        const name =
          typeof item === 'bigint' ? 'bigint' : Object.getPrototypeOf(item)?.constructor?.name
        throw new TypeError(`JSON cannot carry a ${name ?? 'class instance'}`)
      }),
    ),
  decode: (bytes) =>
    JSON.parse(new TextDecoder().decode(bytes), (_, item) =>
      typeof item?.[BYTES] === 'string' ? fromBase64(item[BYTES]) : item,
    ).v,
}
