import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import {
  checkFunction,
  checkKey,
  checkMs,
  checkObject,
  checkPositiveMs,
  checkSignal,
  describe as describeValue,
  isKeyString,
  MAX_MS,
} from '../../src/core/check'

// What a lone surrogate is, spelled out independently of check.ts.
const wellFormed = (text: string) => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else return false
    } else if (code >= 0xdc00 && code <= 0xdfff) return false
  }
  return true
}

// Strings with lone halves, halves that pair up, and any other UTF-16 unit.
const texts = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\uD83D', '\uDE00', '\uD800', '\uDFFF', '\uD83D\uDE00', 'a'),
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  ),
  maxLength: 12,
})

describe('check.ts: one rule per kind of value', () => {
  const native = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed')
  afterEach(() => {
    if (native) Object.defineProperty(String.prototype, 'isWellFormed', native)
  })

  it('a key is a non-empty string without lone surrogates (property)', () => {
    fc.assert(
      fc.property(texts, (text) => isKeyString(text) === (text !== '' && wellFormed(text))),
      { numRuns: 2000 },
    )
  })

  it('gives the same answer where the runtime has no String.prototype.isWellFormed', () => {
    Object.defineProperty(String.prototype, 'isWellFormed', {
      value: undefined,
      configurable: true,
      writable: true,
    })
    expect(isKeyString('a\uD83D\uDE00b')).toBe(true)
    expect(isKeyString('a\uD83D')).toBe(false)
    fc.assert(
      fc.property(texts, (text) => isKeyString(text) === (text !== '' && wellFormed(text))),
      { numRuns: 500 },
    )
  })

  it('checkKey returns the key or names the rule, with the hint', () => {
    expect(checkKey('user:1', 'key')).toBe('user:1')
    expect(() => checkKey('\uDC00', 'key', ' (build one with encodeKey)')).toThrow(
      'shared-call: key must be a non-empty string without lone surrogates (build one with encodeKey), got "\\udc00"',
    )
  })

  it('durations: 0 to MAX_MS or Infinity; positive ones exclude 0 and Infinity', () => {
    for (const ok of [undefined, 0, 1, MAX_MS, Infinity]) expect(checkMs(ok, 'ms')).toBe(ok)
    for (const bad of [-1, MAX_MS + 1, Number.NaN, -Infinity, '1', null]) {
      expect(() => checkMs(bad, 'ms')).toThrow(TypeError)
    }
    for (const ok of [undefined, 1, MAX_MS]) expect(checkPositiveMs(ok, 'ms')).toBe(ok)
    for (const bad of [0, Infinity, MAX_MS + 1, -1]) {
      expect(() => checkPositiveMs(bad, 'ms')).toThrow(
        `shared-call: ms must be a number of ms > 0 (at most 2147483647), got ${bad}`,
      )
    }
  })

  it('signals: an AbortSignal, or anything shaped like one (a polyfill)', () => {
    const { signal } = new AbortController()
    expect(checkSignal(signal, 'signal')).toBe(signal)
    expect(checkSignal(undefined, 'signal')).toBeUndefined()
    const polyfill = { aborted: false, reason: undefined, addEventListener() {} }
    expect(checkSignal(polyfill, 'signal')).toBe(polyfill)
    for (const bad of [null, 'abort', {}, { addEventListener() {} }]) {
      expect(() => checkSignal(bad, 'signal')).toThrow(
        /^shared-call: signal must be an AbortSignal, got /,
      )
    }
  })

  it('functions and objects are optional, and say what they should be', () => {
    expect(checkFunction(undefined, 'f', '() => x')).toBeUndefined()
    expect(() => checkFunction(1, 'f', '() => x')).toThrow(
      'shared-call: f must be a function () => x, got 1',
    )
    expect(checkObject(undefined, 'o')).toBeUndefined()
    expect(() => checkObject([].length, 'o')).toThrow('shared-call: o must be an object, got 0')
  })

  it('describes a bad value briefly, never all of it', () => {
    class Client {}
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…"`)
    expect(
      [
        1n,
        true,
        null,
        undefined,
        Symbol('s'),
        () => 1,
        [],
        {},
        Object.create(null),
        new Client(),
      ].map(describeValue),
    ).toEqual([
      '1n',
      'true',
      'null',
      'undefined',
      'a symbol',
      'a function',
      'an array',
      'an object',
      'an object',
      'a Client',
    ])
  })
})
