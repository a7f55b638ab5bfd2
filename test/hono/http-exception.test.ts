import { Hono, type MiddlewareHandler } from 'hono'
import { basicAuth } from 'hono/basic-auth'
import { bearerAuth } from 'hono/bearer-auth'
import { HTTPException } from 'hono/http-exception'
import { SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { burst, heldHandler } from './helpers'

/**
 * A route behind `auth`, registered after sharedCall(), whose requests are
 * held at the gate on their way in so that they all join one flight.
 */
const setup = (auth: MiddlewareHandler, onError?: 'getResponse') => {
  const shared = new SharedCall()
  const { runs, gate, hold } = heldHandler()
  const app = new Hono()
  app.use('*', sharedCall({ shared }))
  app.use('*', async (_, next) => {
    await hold()
    await next()
  })
  app.use('*', auth)
  app.get('/private', (c) => c.text('secret'))
  if (onError) app.onError((error) => (error as HTTPException).getResponse())
  const get = () => app.request('/private')
  return { app, shared, runs, gate, get }
}

describe('a thrown HTTPException that carries a response reaches every waiter readable', () => {
  it.each([
    ['bearerAuth()', bearerAuth({ token: 'right' }), 'Bearer realm=""'],
    ['basicAuth()', basicAuth({ username: 'u', password: 'p' }), 'Basic realm="Secure Area"'],
  ])('%s, with Hono’s default onError', async (_, auth, challenge) => {
    const { shared, runs, gate, get } = setup(auth)
    const responses = await burst(shared, gate, [get, get, get])
    expect(runs.count).toBe(1)
    for (const response of responses) {
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe(challenge)
      expect(await response.text()).toBe('Unauthorized')
    }
  })

  it('with an onError that answers error.getResponse()', async () => {
    const { shared, gate, get } = setup(bearerAuth({ token: 'right' }), 'getResponse')
    const responses = await burst(shared, gate, [get, get, get])
    for (const response of responses) expect(await response.text()).toBe('Unauthorized')
  })

  it('keeps the class, status, message and cause of the error each onError sees', async () => {
    const cause = new Error('upstream said no')
    const thrower: MiddlewareHandler = () => {
      throw new HTTPException(403, {
        message: 'forbidden',
        cause,
        res: new Response('no entry', { status: 403, headers: { 'x-reason': 'policy' } }),
      })
    }
    const seen: unknown[] = []
    const { app, shared, gate, get } = setup(thrower)
    app.onError((error) => {
      seen.push(error)
      return (error as HTTPException).getResponse()
    })
    const responses = await burst(shared, gate, [get, get, get])
    expect(seen).toHaveLength(3)
    for (const error of seen) {
      expect(error).toBeInstanceOf(HTTPException)
      expect(error).toMatchObject({ status: 403, message: 'forbidden', cause })
    }
    for (const response of responses) {
      expect(response.status).toBe(403)
      expect(response.headers.get('x-reason')).toBe('policy')
      expect(await response.text()).toBe('no entry')
    }
  })
})

describe('an error answer private to the leader goes to the leader only', () => {
  // A handler that signs each client in as it refuses them (a fresh session
  // cookie), or marks its refusal private: handing the leader's answer to
  // the waiters would give each of them the leader's session.
  it.each([
    ['a cookie it sets', (run: number) => ({ 'set-cookie': `session=${run}` })],
    [
      'Cache-Control: private',
      (run: number) => ({ 'cache-control': 'private', 'x-run': `${run}` }),
    ],
    [
      'CDN-Cache-Control: no-store',
      (run: number) => ({ 'cdn-cache-control': 'no-store', 'x-run': `${run}` }),
    ],
  ])('%s: every waiter runs its own handler and gets its own answer', async (_, headers) => {
    let run = 0
    const refuse: MiddlewareHandler = () => {
      run++
      throw new HTTPException(401, {
        res: new Response('sign in', { status: 401, headers: headers(run) }),
      })
    }
    const { shared, gate, get } = setup(refuse, 'getResponse')
    const responses = await burst(shared, gate, [get, get, get])
    expect(run).toBe(3)
    const answers = responses.map((r) => r.headers.get('set-cookie') ?? r.headers.get('x-run'))
    expect(new Set(answers).size).toBe(3)
    expect(responses.map((r) => r.headers.get('x-shared-call')).sort()).toEqual([
      'leader',
      'pass',
      'pass',
    ])
  })
})
