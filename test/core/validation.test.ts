import { describe, expect, it } from 'vitest'
import { encodeKey, SharedCall, sharedFetch } from '../../src/core/index'

const work = async () => 1
const KEY = 'key must be a non-empty string without lone surrogates (build one with encodeKey)'
const MS = 'a number of ms ≥ 0 (at most 2147483647) or Infinity'
const PART =
  'a key part must be a string, number, bigint, boolean, null, undefined, array, plain object, Date, Map, Set or object with toJSON (put an id in the key instead)'

class Client {}
const circular: unknown[] = []
circular.push(circular)

describe('bad input gets a TypeError in the one format: <what> must be <rule>, got <value>', () => {
  it.each([
    ['an empty key', () => new SharedCall().run('', work), `${KEY}, got ""`],
    ['a number key', () => new SharedCall().run(42 as never, work), `${KEY}, got 42`],
    ['an object key', () => new SharedCall().run({} as never, work), `${KEY}, got an object`],
    [
      'a key with a lone surrogate',
      () => new SharedCall().run('a\uD800', work),
      `${KEY}, got "a\\ud800"`,
    ],
    ['a bad key from join', () => new SharedCall().join(null as never, work), `${KEY}, got null`],
    [
      'a bad key with an aborted signal',
      () => new SharedCall().run('', work, { signal: AbortSignal.abort() }),
      `${KEY}, got ""`,
    ],
    [
      'work that is not a function',
      () => new SharedCall().run('k', 'nope' as never),
      'work must be a function (signal) => result, got "nope"',
    ],
    [
      'run options that are not an object',
      () => new SharedCall().run('k', work, 5 as never),
      'run options must be an object, got 5',
    ],
    [
      'a signal that is not an AbortSignal',
      () => new SharedCall().run('k', work, { signal: {} as never }),
      'signal must be an AbortSignal, got an object',
    ],
    ['a negative timeout', () => new SharedCall({ timeout: -1 }), `timeout must be ${MS}, got -1`],
    [
      'a timeout setTimeout cannot hold',
      () => new SharedCall({ timeout: 2 ** 31 }),
      `timeout must be ${MS}, got 2147483648`,
    ],
    [
      'a NaN shareFor',
      () => new SharedCall({ shareFor: Number.NaN }),
      `shareFor must be ${MS}, got NaN`,
    ],
    [
      'a string timeout',
      () => new SharedCall({ timeout: '5' as never }),
      `timeout must be ${MS}, got "5"`,
    ],
    [
      'a per-call negative shareFor',
      () => new SharedCall().run('k', work, { shareFor: -5 }),
      `shareFor must be ${MS}, got -5`,
    ],
    [
      'a per-call timeout too long',
      () => new SharedCall().run('k', work, { timeout: 1e12 }),
      `timeout must be ${MS}, got 1000000000000`,
    ],
    [
      'options that are null',
      () => new SharedCall(null as never),
      'SharedCall options must be an object, got null',
    ],
    [
      'an empty namespace',
      () => new SharedCall({ namespace: '' }),
      'namespace must be a non-empty string without lone surrogates, got ""',
    ],
    [
      'a coordinator made by hand',
      () => new SharedCall({ coordinator: {} as never }),
      "coordinator must be made by defineCoordinator from 'shared-call/coordinator', got an object",
    ],
    [
      'group options that are not an object',
      () => new SharedCall().group(work, 'key' as never),
      'group options must be an object, got "key"',
    ],
    [
      'a group key that is not a function',
      () => new SharedCall().group(work, { key: 'id' as never }),
      'group key must be a function (...args) => key, got "id"',
    ],
    [
      'group given a string',
      () => new SharedCall().group('nope' as never),
      'group\'s first argument must be a function to wrap, or options { key } for @shared.group(options), got "nope"',
    ],
    [
      'group given null',
      () => new SharedCall().group(null as never),
      "group's first argument must be a function to wrap, or options { key } for @shared.group(options), got null",
    ],
    [
      'decorator options with a bad key, when written',
      () => new SharedCall().group({ key: 5 as never }),
      'group key must be a function (...args) => key, got 5',
    ],
    [
      'a decorator used as a function wrapper',
      () => new SharedCall().group({})(work as never, undefined as never),
      '@shared.group must be used on a class method, got a function',
    ],
    [
      'a listener that is not a function',
      () => new SharedCall().subscribe(null as never),
      'listener must be a function (stats) => void, got null',
    ],
    [
      'forget with a key that is not a string',
      () => new SharedCall().forget(5 as never),
      'key must be a non-empty string without lone surrogates, got 5',
    ],
    ['encodeKey of a function', () => encodeKey(() => 1), `${PART}, got a function`],
    ['encodeKey of a symbol', () => encodeKey(Symbol('s')), `${PART}, got a symbol`],
    ['encodeKey of a class instance', () => encodeKey([new Client()]), `${PART}, got a Client`],
    [
      'encodeKey of a cycle',
      () => encodeKey(circular),
      'a key part must be free of cycles (put an id in the key instead), got an array',
    ],
    [
      'sharedFetch init that is not an object',
      () => sharedFetch('http://127.0.0.1/', 5 as never),
      'sharedFetch init must be an object, got 5',
    ],
    [
      'sharedFetch on something that is not a SharedCall',
      () => sharedFetch('http://127.0.0.1/', { shared: {} as never }),
      'shared must be a SharedCall, got an object',
    ],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(TypeError)
    expect(call).toThrow(`shared-call: ${message}`)
    try {
      call()
    } catch (error) {
      expect((error as Error).message).toBe(`shared-call: ${message}`)
    }
  })

  it('accepts what each rule allows: 0, MAX_MS and Infinity', () => {
    for (const ms of [0, 2 ** 31 - 1, Infinity]) {
      expect(() => new SharedCall({ timeout: ms, shareFor: ms })).not.toThrow()
    }
  })

  it('starts no flight when the input is bad', () => {
    const shared = new SharedCall()
    expect(() => shared.run('k', work, { timeout: -1 })).toThrow(TypeError)
    expect(shared.getStats()).toMatchObject({ misses: 0, active: 0 })
  })
})
