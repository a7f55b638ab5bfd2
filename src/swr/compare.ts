import { encodeKey } from 'shared-call'

/**
 * SWR's default `compare`: deep equality of JSON-like data (plain objects
 * with their keys in any order, arrays, dates, maps and sets, objects with
 * `toJSON`; anything else by identity), as `encodeKey` sees it. The hook's
 * own default is the same, so hooks of both entries keep an equal answer's
 * data identity and nothing re-renders for it.
 */
export const dequal = (a: unknown, b: unknown): boolean => {
  try {
    return Object.is(a, b) || encodeKey(a) === encodeKey(b)
  } catch {
    // Not encodable (a class instance, a cycle): the same only if identical.
    return false
  }
}
