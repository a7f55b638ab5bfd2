import { encodeKey } from 'shared-call'

/**
 * Whether two answers are the same data: the same value, or equal plain
 * data (as `encodeKey` sees it: object key order aside, types kept apart),
 * as SWR's default `compare`. A refetch that brings equal data then keeps the
 * data it replaces, so the components of the key don't render again. Data
 * that cannot be encoded (class instances, functions) is the same only if it
 * is the same value. One comparison per answer per key, not per component.
 */
export const sameData = (a: unknown, b: unknown): boolean => {
  try {
    return Object.is(a, b) || encodeKey(a) === encodeKey(b)
  } catch {
    return false
  }
}
