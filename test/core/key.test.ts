import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeKey } from '../../src/core/index'

/** Values encodeKey accepts, including the ones JSON would confuse. */
const keyable = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.bigInt(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date(),
  ),
  value: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
}))

/** Rebuilds plain objects with their keys in reverse order, deeply. */
const reorder = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reorder)
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // fromEntries defines own properties: a key "__proto__" stays a key
    // instead of setting the prototype, as `out[key] = …` would.
    const record = value as Record<string, unknown>
    return Object.fromEntries(
      Object.keys(record)
        .reverse()
        .map((key) => [key, reorder(record[key])]),
    )
  }
  return value
}

/** Structural equality with type tags: what must hold whenever two keys are equal. */
const sameValue = (a: unknown, b: unknown): boolean => {
  if (typeof a !== typeof b) return false
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime())
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => sameValue(x, b[i]))
    )
  }
  if (a && b && typeof a === 'object') {
    const ka = Object.keys(a).sort()
    const kb = Object.keys(b as object).sort()
    return (
      sameValue(ka, kb) &&
      ka.every((k) =>
        sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    )
  }
  return Object.is(a, b)
}

describe('encodeKey', () => {
  it('is stable under object key order (property)', () => {
    fc.assert(fc.property(keyable.value, (value) => encodeKey(value) === encodeKey(reorder(value))))
  })

  it('never gives two different typed values the same key (property)', () => {
    fc.assert(
      fc.property(keyable.value, keyable.value, (a, b) => {
        if (encodeKey(a) === encodeKey(b)) return sameValue(a, b)
        return !sameValue(a, b)
      }),
      { numRuns: 2000 },
    )
  })

  it('tags types: 1, "1", 1n, true and [1] all differ', () => {
    const keys = [1, '1', 1n, true, [1], { 1: 1 }, null, undefined, 'null', -0, 0, Number.NaN]
    expect(new Set(keys.map(encodeKey)).size).toBe(keys.length)
  })

  it('encodes Map, Set and toJSON objects by content', () => {
    expect(
      encodeKey(
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
      ),
    ).toBe(
      encodeKey(
        new Map([
          ['b', 2],
          ['a', 1],
        ]),
      ),
    )
    expect(encodeKey(new Set([1, 2]))).toBe(encodeKey(new Set([2, 1])))
    expect(encodeKey(new URL('https://x.test/a'))).toBe(encodeKey(new URL('https://x.test/a')))
    expect(encodeKey(new URL('https://x.test/a'))).not.toBe(encodeKey('https://x.test/a'))
  })

  it('throws a TypeError that names the fix for values it cannot encode', () => {
    class Client {}
    const circular: unknown[] = []
    circular.push(circular)
    for (const bad of [() => 1, Symbol('s'), new Client(), circular, { deep: [() => 1] }]) {
      expect(() => encodeKey(bad)).toThrow(TypeError)
      expect(() => encodeKey(bad)).toThrow(/key/)
    }
    expect(() => encodeKey(new Client())).toThrow(/Client/)
  })

  it('keeps arrays with holes apart from shorter arrays', () => {
    // biome-ignore lint/suspicious/noSparseArray: the point of the test
    const holes = [[], [,], [, ,], [undefined], [1, , 2], [1, 2]]
    expect(new Set(holes.map(encodeKey)).size).toBe(5) // [ , ] and [undefined] are one
    // biome-ignore lint/suspicious/noSparseArray: the point of the test
    expect(encodeKey([,])).toBe(encodeKey([undefined]))
  })

  it('treats a key named __proto__ (as JSON.parse makes it) as a key like any other', () => {
    const parsed = JSON.parse('{"__proto__":[1],"x":1}')
    expect(encodeKey(parsed)).toBe(
      encodeKey(
        Object.fromEntries([
          ['x', 1],
          ['__proto__', [1]],
        ]),
      ),
    )
    expect(encodeKey(parsed)).not.toBe(encodeKey({ x: 1 }))
    expect(encodeKey(parsed)).not.toBe(encodeKey(JSON.parse('{"__proto__":[2],"x":1}')))
  })

  it('refuses symbol keys rather than leave them out', () => {
    const tenant = Symbol('tenant')
    expect(() => encodeKey({ [tenant]: 'a', id: 1 })).toThrow(
      'shared-call: a key part must be free of symbol keys (put an id in the key instead), got an object',
    )
  })

  it('allows the same object twice when it is not circular', () => {
    const shared = { a: 1 }
    expect(() => encodeKey([shared, shared])).not.toThrow()
  })
})
