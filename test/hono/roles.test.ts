import type { Context } from 'hono'
import type { SharedCallRole } from 'shared-call/hono'
import { sharedCall } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { burst, heldApp } from './helpers'

describe('sharedCall({ serverTiming }): the role in Server-Timing', () => {
  it('adds shared-call;desc="<role>" to each request\'s Server-Timing, after the handler\'s own', async () => {
    const { shared, gate, get } = heldApp({
      options: { serverTiming: true },
      respond: (c) => {
        c.header('Server-Timing', 'db;dur=53')
        return c.text('ok')
      },
    })
    const responses = await burst(shared, gate, [get(), get(), get()])
    const timings = responses.map((r) => r.headers.get('server-timing'))
    const roles = responses.map((r) => r.headers.get('x-shared-call'))

    expect(roles).toEqual(['leader', 'follower', 'follower'])
    expect(timings).toEqual([
      'db;dur=53, shared-call;desc="leader"',
      'db;dur=53, shared-call;desc="follower"',
      'db;dur=53, shared-call;desc="follower"',
    ])
  })

  it('says pass for a request that passed through, and nothing for one it did not touch', async () => {
    const { app, gate } = heldApp({ options: { serverTiming: true }, respond: (c) => c.text('ok') })
    app.post('/r', (c) => c.text('written'))
    gate.resolve()
    const private_ = await app.request('/r', { headers: { authorization: 'Bearer alice' } })
    const written = await app.request('/r', { method: 'POST' })

    expect(private_.headers.get('x-shared-call')).toBe('pass')
    expect(private_.headers.get('server-timing')).toBe('shared-call;desc="pass"')
    expect(written.headers.get('x-shared-call')).toBeNull()
    expect(written.headers.get('server-timing')).toBeNull()
  })

  it('adds no Server-Timing unless asked', async () => {
    const { shared, gate, get } = heldApp({ respond: (c) => c.text('ok') })
    const responses = await burst(shared, gate, [get(), get()])
    expect(responses.map((r) => r.headers.get('server-timing'))).toEqual([null, null])
  })
})

describe('sharedCall({ onRole })', () => {
  it('tells each request its role, once, as x-shared-call says it, with its context', async () => {
    const told: [SharedCallRole, string | null][] = []
    const { app, shared, gate, get } = heldApp({
      options: {
        onRole: (role: SharedCallRole, c: Context) =>
          told.push([role, c.req.header('x-id') ?? null]),
      },
      respond: (c) => c.text('ok'),
    })
    const responses = await burst(shared, gate, [
      get({ 'x-id': '1' }),
      get({ 'x-id': '2' }),
      get({ 'x-id': '3' }),
    ])
    await app.request('/r', { headers: { cookie: 'session=1', 'x-id': '4' } })

    // In the order the requests ended: the followers may end before their leader.
    expect(told.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['leader', '1'],
      ['follower', '2'],
      ['follower', '3'],
      ['pass', '4'],
    ])
    expect(responses.map((r) => r.headers.get('x-shared-call'))).toEqual([
      'leader',
      'follower',
      'follower',
    ])
  })

  it('refuses a serverTiming that is not a boolean and an onRole that is not a function', () => {
    expect(() => sharedCall({ serverTiming: 'yes' as never })).toThrow(
      'shared-call: serverTiming must be a boolean, got "yes"',
    )
    expect(() => sharedCall({ onRole: 'span' as never })).toThrow(
      'shared-call: onRole must be a function (role, c) => void, got "span"',
    )
  })
})
