/**
 * SWR's default `compare`: deep equality of JSON-like data (plain objects,
 * arrays, dates; anything else by identity). An answer equal to the data on
 * screen keeps the data's identity, so nothing re-renders for it.
 */
export const dequal = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false
  const proto = Object.getPrototypeOf(a)
  if (proto !== Object.getPrototypeOf(b)) return false
  if (a instanceof Date) return +a === +b
  if (Array.isArray(a))
    return (
      a.length === (b as unknown[]).length &&
      a.every((item, i) => dequal(item, (b as unknown[])[i]))
    )
  if (proto !== Object.prototype && proto !== null) return false
  const names = Object.keys(a)
  return (
    names.length === Object.keys(b).length &&
    names.every(
      (name) =>
        Object.hasOwn(b, name) &&
        dequal((a as Record<string, unknown>)[name], (b as Record<string, unknown>)[name]),
    )
  )
}
