// The one validator of every entry. Each failure reads
// `shared-call: <what> must be <rule>, got <value>`, and each kind of value
// has one rule, here. Stateless, so an entry that imports it by path gets its
// own copy without a second core.

/** setTimeout's largest delay: longer ones fire at once (Node warns and uses 1 ms). */
export const MAX_MS = 2 ** 31 - 1

/** How a bad value reads in a message: short, and never the whole of it. */
export const describe = (value: unknown): string => {
  const type = typeof value
  if (type === 'string') {
    const text = value as string
    return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
  }
  if (type === 'number' || type === 'boolean' || value == null) return String(value)
  if (type === 'bigint') return `${value}n`
  if (type !== 'object') return `a ${type}`
  if (Array.isArray(value)) return 'an array'
  const proto = Object.getPrototypeOf(value)
  const name = proto === Object.prototype || proto === null ? '' : proto.constructor?.name
  return name ? `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}` : 'an object'
}

/** Throws the `TypeError` every entry uses for bad input. */
export const fail = (what: string, rule: string, value: unknown): never => {
  throw new TypeError(`shared-call: ${what} must be ${rule}, got ${describe(value)}`)
}

/**
 * Returns `value` when `ok`, else throws `<what> must be <rule>, got <value>`.
 * (The checks below build a rule that has parts only when they fail: they run
 * on every call of the library, and a string built per call shows in its speed.)
 */
export const check = <T>(ok: boolean, what: string, rule: string, value: T): T =>
  ok ? value : fail(what, rule, value)

/**
 * Throws for an option `name` that is not among `known`: misspelt, it would
 * be ignored and its default used. Suggests the known option that shares
 * most letters with it at its start and end, case aside (`timeOut`,
 * `timout`, `tmeout`: `timeout`), if that is more than half of it; else lists
 * them all. Called on a mistake only: finding one is the caller's (a lookup
 * in the table it validates with, which a hot path makes anyway).
 */
export const unknownOption = (
  what: string,
  known: readonly string[],
  name: string,
  value: unknown,
): never => {
  const lower = name.toLowerCase()
  let near = `one of ${known.join(', ')}`
  let best = lower.length / 2
  for (const option of known) {
    const other = option.toLowerCase()
    let start = 0
    let end = 0
    while (lower[start] && lower[start] === other[start]) start++
    while (lower.at(~end) && lower.at(~end) === other.at(~end)) end++
    if (start + end > best) [best, near] = [start + end, `did you mean \`${option}\`?`]
  }
  return fail(`${what}.${name}`, `a known option (${near})`, value)
}

/** Fails on the first option of `options` (an object, or undefined) that is not among `known`. */
export const checkKnown = (
  options: object | undefined,
  what: string,
  known: readonly string[],
): void => {
  for (const name in options) {
    if (!known.includes(name))
      unknownOption(what, known, name, (options as Record<string, unknown>)[name])
  }
}

// Spelled out (MAX_MS) so a bundler can drop the ones an entry does not use.
const MS_RULE = 'a number of ms ≥ 0 (at most 2147483647) or Infinity'
const POSITIVE_MS_RULE = 'a number of ms > 0 (at most 2147483647)'

/**
 * An optional duration: absent, or ms from 0 to `MAX_MS`, or `Infinity`.
 * What 0 and `Infinity` mean is the option's own (for a timeout: none).
 */
export const checkMs = (value: unknown, what: string): number | undefined =>
  check(
    value === undefined ||
      (typeof value === 'number' && value >= 0 && (value <= MAX_MS || value === Infinity)),
    what,
    MS_RULE,
    value as number | undefined,
  )

/** An optional period that must pass before something happens (a lease, a TTL): ms > 0. */
export const checkPositiveMs = (value: unknown, what: string): number | undefined =>
  check(
    value === undefined || (typeof value === 'number' && value > 0 && value <= MAX_MS),
    what,
    POSITIVE_MS_RULE,
    value as number | undefined,
  )

/** An optional function; `shape` shows what it takes and returns, e.g. `(signal) => result`. */
export const checkFunction = <F>(value: F, what: string, shape: string): F =>
  value === undefined || typeof value === 'function'
    ? value
    : fail(what, `a function ${shape}`, value)

/** An optional options object. */
export const checkObject = <T>(value: T, what: string): T =>
  check(
    value === undefined || (typeof value === 'object' && value !== null),
    what,
    'an object',
    value,
  )

// A lone surrogate: UTF-8 encoders replace it with U+FFFD, so two such
// strings can meet once encoded (Redis, BroadcastChannel names, URLs).
// `isWellFormed` (ES2024) answers most keys, one-byte strings, without a
// scan; where it is missing, encodeURIComponent throws on a lone surrogate.
const wellFormed = (text: string & { isWellFormed?: () => boolean }): boolean => {
  if (text.isWellFormed) return text.isWellFormed()
  try {
    encodeURIComponent(text)
    return true
  } catch {
    return false
  }
}

/** A string that is not empty and survives UTF-8 unchanged (no lone surrogates). */
export const isKeyString = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && wellFormed(value)

/** A required key: a non-empty, well-formed string. `hint` says how to build one. */
export const checkKey = (value: unknown, what: string, hint = ''): string =>
  isKeyString(value)
    ? value
    : fail(what, `a non-empty string without lone surrogates${hint}`, value)

/** An optional `AbortSignal` (anything with `aborted` and `addEventListener`, as polyfills are). */
export const checkSignal = (value: unknown, what: string): AbortSignal | undefined =>
  check(
    value === undefined ||
      (typeof value === 'object' &&
        value !== null &&
        typeof (value as AbortSignal).addEventListener === 'function' &&
        // 'in', not a read: `aborted` is a getter, and run() reads it once already.
        'aborted' in value),
    what,
    'an AbortSignal',
    value as AbortSignal | undefined,
  )
