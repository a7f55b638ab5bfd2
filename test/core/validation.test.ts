import { describe, expect, it } from 'vitest'
import { SharedCall } from '../../src/core/index'

const work = async () => 1

describe('bad input gets a TypeError that says what to do', () => {
  it.each([
    ['an empty key', () => new SharedCall().run('', work), /non-empty string/],
    ['a number key', () => new SharedCall().run(42 as never, work), /encodeKey/],
    ['an object key', () => new SharedCall().run({} as never, work), /non-empty string/],
    [
      'work that is not a function',
      () => new SharedCall().run('k', 'nope' as never),
      /work must be a function/,
    ],
    [
      'options that are not an object',
      () => new SharedCall().run('k', work, 5 as never),
      /must be an object/,
    ],
    [
      'a signal that is not an AbortSignal',
      () => new SharedCall().run('k', work, { signal: {} as never }),
      /AbortSignal/,
    ],
    ['a negative timeout', () => new SharedCall({ timeout: -1 }), /timeout must be a number/],
    ['a NaN shareFor', () => new SharedCall({ shareFor: Number.NaN }), /shareFor must be a number/],
    ['a string timeout', () => new SharedCall({ timeout: '5' as never }), /timeout/],
    [
      'a per-call negative shareFor',
      () => new SharedCall().run('k', work, { shareFor: -5 }),
      /shareFor/,
    ],
    ['options that are null', () => new SharedCall(null as never), /must be an object/],
    [
      'group options that are not an object',
      () => new SharedCall().group(work, 'key' as never),
      /must be an object/,
    ],
    [
      'a group key that is not a function',
      () => new SharedCall().group(work, { key: 'id' as never }),
      /key must be a function/,
    ],
    [
      'a listener that is not a function',
      () => new SharedCall().subscribe(null as never),
      /listener must be a function/,
    ],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(TypeError)
    expect(call).toThrow(message)
  })

  it('starts no flight when the input is bad', () => {
    const shared = new SharedCall()
    expect(() => shared.run('k', work, { timeout: -1 })).toThrow(TypeError)
    expect(shared.getStats()).toMatchObject({ misses: 0, active: 0 })
  })
})
