import { SharedCall } from 'shared-call'
import { sharedCall, sharedCallStats } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { KNOWN } from '../../src/hono/options'

describe('bad options throw a TypeError when the middleware is created', () => {
  it.each([
    [{ maxBodyBytes: 0 }, 'maxBodyBytes must be a whole number of bytes > 0, got 0'],
    [{ maxBodyBytes: -1 }, 'maxBodyBytes must be a whole number of bytes > 0, got -1'],
    [{ maxBodyBytes: Number.NaN }, 'maxBodyBytes must be a whole number of bytes > 0, got NaN'],
    [{ maxBodyBytes: '1mb' }, 'maxBodyBytes must be a whole number of bytes > 0, got "1mb"'],
    [
      { waitTimeout: -5 },
      'waitTimeout must be a number of ms ≥ 0 (at most 2147483647) or Infinity, got -5',
    ],
    [
      { waitTimeout: 2 ** 31 },
      'waitTimeout must be a number of ms ≥ 0 (at most 2147483647) or Infinity, got 2147483648',
    ],
    [{ waitTimeout: '10s' }, 'waitTimeout must be a number of ms'],
    [
      { methods: ['GET', 'POST'] },
      'methods must be GET, HEAD or OPTIONS (pass unsafe: true to coalesce writes), got an array',
    ],
    [
      { methods: ['delete'], unsafe: 'yes' },
      'methods must be GET, HEAD or OPTIONS (pass unsafe: true',
    ],
    [
      { methods: 'GET' },
      `methods must be a non-empty array of method names like ['GET', 'HEAD'], got "GET"`,
    ],
    [{ methods: [] }, 'methods must be a non-empty array of method names'],
    [{ methods: ['GET HEAD'] }, 'methods must be a non-empty array of method names'],
    [{ methods: [42] }, 'methods must be a non-empty array of method names'],
    [{ key: 'path' }, 'key must be a function (c) => string, got "path"'],
    [{ identity: 42 }, 'identity must be a function (c) => string | undefined, got 42'],
    [{ credentialHeaders: 'x-secret' }, 'credentialHeaders must be an array of header names'],
    [{ credentialHeaders: ['x secret'] }, 'credentialHeaders must be an array of header names'],
    [{ shared: {} }, 'shared must be a SharedCall (new SharedCall()), got an object'],
    [
      { waitTimout: 5 },
      'sharedCall options.waitTimout must be a known option (did you mean `waitTimeout`?), got 5',
    ],
    [
      { identiy: () => 'x' },
      'sharedCall options.identiy must be a known option (did you mean `identity`?), got a function',
    ],
    [
      { Methods: ['GET'] },
      'sharedCall options.Methods must be a known option (did you mean `methods`?), got an array',
    ],
    [
      { serverTimming: true },
      'sharedCall options.serverTimming must be a known option (did you mean `serverTiming`?), got true',
    ],
    [
      { onrole: () => {} },
      'sharedCall options.onrole must be a known option (did you mean `onRole`?), got a function',
    ],
    [
      { cache: true },
      `sharedCall options.cache must be a known option (one of ${KNOWN.join(', ')}), got true`,
    ],
  ])('%o', (options, message) => {
    expect(() => sharedCall(options as never)).toThrow(TypeError)
    expect(() => sharedCall(options as never)).toThrow(`shared-call: ${message}`)
  })

  it('says to pass { shared } when given a SharedCall instead of options', () => {
    // It used to name the instance's own `group`, an option nobody wrote.
    expect(() => sharedCall(new SharedCall() as never)).toThrow(
      new TypeError(
        'shared-call: sharedCall(options) must be an options object: pass a SharedCall as sharedCall({ shared }), got a SharedCall',
      ),
    )
  })

  it('rejects options that are not an object', () => {
    expect(() => sharedCall(null as never)).toThrow(
      'shared-call: sharedCall(options) must be an object, got null',
    )
  })

  it('accepts unsafe methods with unsafe: true, and any ms or Infinity as waitTimeout', () => {
    expect(() => sharedCall({ methods: ['GET', 'POST'], unsafe: true })).not.toThrow()
    expect(() => sharedCall({ waitTimeout: Infinity })).not.toThrow()
    expect(() =>
      sharedCall({ waitTimeout: 0, credentialHeaders: ['X-Tenant-Secret'] }),
    ).not.toThrow()
  })

  it('rejects a non-SharedCall in sharedCallStats', () => {
    expect(() => sharedCallStats({} as never)).toThrow(
      'shared-call: shared must be a SharedCall (new SharedCall()), got an object',
    )
  })

  it('returns a function named sharedCall, in Hono style', () => {
    expect(sharedCall().name).toBe('sharedCall')
  })
})
