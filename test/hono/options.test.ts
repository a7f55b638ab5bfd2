import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall, sharedCallStats } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'

describe('bad options throw a TypeError when the middleware is created', () => {
  it.each([
    [{ maxBodyBytes: 0 }, /maxBodyBytes must be a number > 0/],
    [{ maxBodyBytes: -1 }, /maxBodyBytes/],
    [{ waitTimeout: -5 }, /waitTimeout must be a number of milliseconds/],
    [{ methods: ['GET', 'POST'] }, /POST is not a safe method.*unsafe: true/],
    [{ methods: ['delete'], unsafe: 'yes' }, /DELETE is not a safe method/],
    [{ methods: 'GET' }, /methods must be an array/],
    [{ key: 'path' }, /key must be a function/],
    [{ identity: 42 }, /identity must be a function/],
    [{ shared: {} }, /shared must be a SharedCall instance/],
  ])('%o', (options, message) => {
    expect(() => sharedCall(options as never)).toThrow(TypeError)
    expect(() => sharedCall(options as never)).toThrow(message)
  })

  it('rejects options that are not an object', () => {
    expect(() => sharedCall(null as never)).toThrow(/options must be an object/)
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

  it('answers with a TypeError when key(c) returns no string', async () => {
    const app = new Hono()
    app.use('*', sharedCall({ shared: new SharedCall(), key: () => 1 as never }))
    app.get('/', (c) => c.text('ok'))
    let caught: unknown
    app.onError((error, c) => {
      caught = error
      return c.text('', 500)
    })
    await app.request('/')
    expect(caught).toBeInstanceOf(TypeError)
    expect(String(caught)).toMatch(/key\(c\) must return a string/)
  })
})
