import { type Context, Hono } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import { SharedCall } from 'shared-call'
import { type SharedCallMiddlewareOptions, sharedCall } from 'shared-call/hono'
import { describe, expect, it } from 'vitest'
import { burst, heldHandler } from './helpers'

const INVOICES: Record<string, string[]> = { 'alice-key': ['A-1', 'A-2'], 'bob-key': ['B-1'] }

/** An invoice API keyed by X-API-Key, with its key check registered after sharedCall(). */
const setup = (options: SharedCallMiddlewareOptions = {}) => {
  const shared = new SharedCall()
  const { runs, gate, hold } = heldHandler()
  const app = new Hono()
  app.use('/api/*', sharedCall({ shared, ...options }))
  app.use(
    '/api/*',
    bearerAuth({ headerName: 'X-API-Key', prefix: '', verifyToken: (key) => key in INVOICES }),
  )
  app.get('/api/invoices', async (c) => {
    await hold()
    return c.json(INVOICES[c.req.header('x-api-key')!], 200, { vary: 'X-API-Key' })
  })
  return { app, shared, runs, gate }
}

describe('credentials in any usual header make a request pass', () => {
  it('Bob never gets Alice’s invoices, and a forged X-API-Key gets a 401', async () => {
    const { app, runs, gate } = setup()
    gate.resolve()
    const as = (key: string) => app.request('/api/invoices', { headers: { 'X-API-Key': key } })
    const [alice, bob, forged] = await Promise.all([as('alice-key'), as('bob-key'), as('forged')])

    expect(await alice.json()).toEqual(['A-1', 'A-2'])
    expect(await bob.json()).toEqual(['B-1'])
    expect(forged.status).toBe(401)
    expect(runs.count).toBe(2)
    for (const response of [alice, bob, forged]) {
      expect(response.headers.get('x-shared-call')).toBe('pass')
    }
  })

  it.each([
    ['Proxy-Authorization', 'Basic YWxpY2U6cHc='],
    ['X-API-Key', 'alice-key'],
    ['x-api-key', 'alice-key'],
    ['X-API-KEY', 'alice-key'],
    ['Api-Key', 'alice-key'],
    ['ApiKey', 'alice-key'],
    ['X-Goog-Api-Key', 'alice-key'],
    ['Ocp-Apim-Subscription-Key', 'alice-key'],
    ['X-Auth-Token', 'alice'],
    ['X-Access-Token', 'alice'],
    ['X-Amz-Security-Token', 'alice'],
    ['X-Session-Id', 'alice'],
    ['X-Client-Secret', 'alice'],
    ['X-Auth', 'alice'],
    ['X-Authorization', 'Bearer alice'],
    ['Cf-Access-Jwt-Assertion', 'eyJhbGciOi'],
    ['X-Amzn-Oidc-Data', 'eyJhbGciOi'],
    ['X-Forwarded-User', 'alice'],
    ['X-Forwarded-Email', 'alice@example.com'],
    ['Remote-User', 'alice'],
    ['X-Ms-Client-Principal', 'eyJ1c2VyIjoiYWxpY2UifQ=='],
    ['X-Forwarded-Client-Cert', 'Hash=abc;Subject="CN=alice"'],
    ['DPoP', 'eyJhbGciOi'],
    ['Signature', 'sig1=:abc:'],
    // Underscores: Node, Bun and Deno accept them in header names.
    ['x_api_key', 'alice-key'],
    ['X_Auth_Token', 'alice'],
    ['Api_Key', 'alice-key'],
    ['Proxy_Authorization', 'Basic YWxpY2U6cHc='],
    ['X_Forwarded_User', 'alice'],
    // The user a gateway has authenticated (Kong, oauth2-proxy, Azure, Tailscale, nginx mTLS).
    ['X-Username', 'alice'],
    ['X-Consumer-Id', 'c-42'],
    ['X-Consumer-Username', 'alice'],
    ['X-Account-Id', 'acct-42'],
    ['X-Forwarded-Preferred-Username', 'alice'],
    ['X-User-Id', '42'],
    ['X-User-Name', 'alice'],
    ['X-Customer-Id', 'cus-42'],
    ['X-Client-Id', 'partner-app'],
    ['X-Ms-Client-Principal-Name', 'alice@example.com'],
    ['X-Ms-Client-Principal-Id', '42'],
    ['Tailscale-User-Login', 'alice@example.com'],
    ['X-Userinfo', 'eyJzdWIiOiJhbGljZSJ9'],
    ['X-Credential-Identifier', 'alice'],
    ['X-Ssl-Client-S-Dn', 'CN=alice'],
    ['X-Login', 'alice'],
    ['X-Subject', 'alice'],
  ])('a request with %s passes through', async (name, value) => {
    const shared = new SharedCall()
    const app = new Hono()
    app.use('*', sharedCall({ shared }))
    app.get('/me', (c) => c.text(c.req.header(name) ?? 'anonymous'))
    const response = await app.request('/me', { headers: { [name]: value } })
    expect(response.headers.get('x-shared-call')).toBe('pass')
    expect(await response.text()).toBe(value)
    expect(shared.getStats().misses).toBe(0)
  })

  it('Bob never joins Alice’s flight by spelling her key header with underscores', async () => {
    const accounts: Record<string, string> = { alice: 'alice’s account', bob: 'bob’s account' }
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const app = new Hono()
    app.use('*', sharedCall({ shared }))
    app.get('/account', async (c) => {
      await hold()
      return c.text(accounts[c.req.header('x_api_key') ?? ''] ?? 'nobody')
    })
    gate.resolve()
    const as = (key: string) => app.request('/account', { headers: { x_api_key: key } })
    const [alice, bob] = await Promise.all([as('alice'), as('bob')])
    expect(await alice.text()).toBe('alice’s account')
    expect(await bob.text()).toBe('bob’s account')
    expect(runs.count).toBe(2)
    expect(shared.getStats()).toMatchObject({ hits: 0, misses: 0 })
  })

  it('passes requests with a header named in credentialHeaders', async () => {
    const shared = new SharedCall()
    const app = new Hono()
    app.use('*', sharedCall({ shared, credentialHeaders: ['X-Customer'] }))
    app.get('/me', (c) => c.text('hi'))
    for (const name of ['x-customer', 'X_Customer']) {
      const response = await app.request('/me', { headers: { [name]: 'alice' } })
      expect(response.headers.get('x-shared-call')).toBe('pass')
    }
  })

  it('still shares requests whose headers only look like credentials', async () => {
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const app = new Hono()
    app.use('*', sharedCall({ shared }))
    app.get('/r', async (c) => {
      await hold()
      return c.text('public')
    })
    const headers = {
      'user-agent': 'Mozilla/5.0',
      'sec-fetch-user': '?1',
      'sec-fetch-mode': 'navigate',
      'keep-alive': 'timeout=5',
      'x-request-id': 'abc',
      'x-keyboard': 'qwerty',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      'x-real-ip': '203.0.113.7',
      'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
      'x-vercel-id': 'fra1::abcde-1234',
      'cf-ray': '8a1b2c3d4e5f6a7b-FRA',
      'x-requested-with': 'XMLHttpRequest',
      'x-correlation-id': 'c-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'x-account-region': 'eu',
      'x-user-agent': 'grpc-web-javascript/0.1',
    }
    const get = () => app.request('/r', { headers })
    const responses = await burst(shared, gate, [get, get])
    expect(runs.count).toBe(1)
    expect(responses.map((r) => r.headers.get('x-shared-call'))).toEqual(['leader', 'follower'])
  })
})

describe('identity from a verified credential', () => {
  it('shares within one user, never across users; a forged token stops at auth', async () => {
    const users: Record<string, string> = { 'token-a': 'alice', 'token-b': 'bob' }
    const shared = new SharedCall()
    const { runs, gate, hold } = heldHandler()
    const app = new Hono<{ Variables: { user: string } }>()
    app.use(
      '/api/*',
      bearerAuth({
        verifyToken: (token, c) => {
          const user = users[token]
          if (user) (c as Context<{ Variables: { user: string } }>).set('user', user)
          return user !== undefined
        },
      }),
    )
    app.use('/api/*', sharedCall({ shared, identity: (c) => c.get('user') }))
    app.get('/api/me', async (c) => {
      await hold()
      return c.json({ user: c.get('user') })
    })
    const as = (token: string) => () =>
      app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })
    const forged = app.request('/api/me', { headers: { authorization: 'Bearer token-x' } })
    const responses = await burst(shared, gate, [
      as('token-a'),
      as('token-b'),
      as('token-a'),
      as('token-b'),
    ])
    expect((await forged).status).toBe(401)
    expect(runs.count).toBe(2)
    expect(await Promise.all(responses.map((r) => r.json()))).toEqual([
      { user: 'alice' },
      { user: 'bob' },
      { user: 'alice' },
      { user: 'bob' },
    ])
  })
})
