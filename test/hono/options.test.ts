import { sharedCall, sharedCallStats } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'

describe('bad options throw a TypeError when the middleware is created', () => {
  it.each([
    [{ maxBodyBytes: 0 }, /maxBodyBytes must be a number of bytes > 0/],
    [{ maxBodyBytes: -1 }, /maxBodyBytes/],
    [{ waitTimeout: -5 }, /waitTimeout must be milliseconds/],
    [{ methods: ['GET', 'POST'] }, /methods must be GET, HEAD or OPTIONS; pass unsafe: true/],
    [{ methods: ['delete'], unsafe: 'yes' }, /pass unsafe: true/],
    [{ methods: 'GET' }, /methods must be an array/],
    [{ methods: [] }, /methods must be an array/],
    [{ key: 'path' }, /key must be a function/],
    [{ identity: 42 }, /identity must be a function/],
    [{ shared: {} }, /shared must be a SharedCall/],
  ])('%o', (options, message) => {
    expect(() => sharedCall(options as never)).toThrow(TypeError)
    expect(() => sharedCall(options as never)).toThrow(message)
  })

  it('rejects options that are not an object', () => {
    expect(() => sharedCall(null as never)).toThrow(/sharedCall\(options\) must be an object/)
  })

  it('accepts unsafe methods with unsafe: true', () => {
    expect(() => sharedCall({ methods: ['GET', 'POST'], unsafe: true })).not.toThrow()
  })

  it('rejects a non-SharedCall in sharedCallStats', () => {
    expect(() => sharedCallStats({} as never)).toThrow(TypeError)
  })

  it('returns a function named sharedCall, in Hono style', () => {
    expect(sharedCall().name).toBe('sharedCall')
  })
})
