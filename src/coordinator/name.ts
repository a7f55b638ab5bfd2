import { fail, isKeyString } from '../core/check'

/**
 * The namespace and key of a flight name, `<namespace length>:<namespace>:<key>`
 * as `SharedCall` builds it; undefined for a string of another shape.
 */
export const splitName = (name: string): { namespace: string; key: string } | undefined => {
  const colon = name.indexOf(':')
  const length = Number(name.slice(0, colon))
  if (colon < 1 || !Number.isSafeInteger(length)) return undefined
  const end = colon + 1 + length
  if (name[end] !== ':') return undefined
  return { namespace: name.slice(colon + 1, end), key: name.slice(end + 1) }
}

/** The key a flight name stands for, as its user wrote it: for messages. */
export const keyOf = (name: string): string => splitName(name)?.key ?? name

const RULE = 'a non-empty string without lone surrogates'

/**
 * Throws the TypeError of a name that could meet another once encoded: a
 * lone surrogate becomes U+FFFD in UTF-8, so `"a\uD800"` and `"a\uDBFF"` would
 * share a Redis key, a lock or a channel.
 */
export const checkName = (name: string): void => {
  if (isKeyString(name)) return
  const parts = splitName(name)
  if (parts && !isKeyString(parts.namespace)) fail('namespace', RULE, parts.namespace)
  fail('key', RULE, parts?.key ?? name)
}
