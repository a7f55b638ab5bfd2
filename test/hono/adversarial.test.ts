import type { Context } from 'hono'
import { describe, expect, it } from 'vitest'
import { burst, heldApp } from './helpers'

const setup = (respond: (c: Context) => Response) => heldApp({ respond })

const TENANT_DATA: Record<string, string> = { acme: 'acme payroll', globex: 'globex payroll' }

describe('trying to read another client’s response through the middleware', () => {
  it('Vary spread over two header lines, in odd case and spacing, still keeps tenants apart', async () => {
    const { shared, runs, gate, get } = setup((c) => {
      c.header('vary', 'ACCEPT ', { append: true })
      c.header('Vary', '  x-TENANT,,', { append: true })
      return c.text(TENANT_DATA[c.req.header('x-tenant') ?? ''] ?? 'no tenant')
    })
    const responses = await burst(shared, gate, [
      get({ 'x-tenant': 'acme' }),
      get({ 'X-Tenant': 'globex' }),
      get({ 'x-tenant': '' }),
      get(),
      get({ 'x-tenant': 'ACME' }),
    ])
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual([
      'acme payroll',
      'globex payroll',
      'no tenant',
      'no tenant',
      'no tenant',
    ])
    expect(runs.count).toBe(5)
  })

  it('a poisoned X-Forwarded-Host stays with the request that sent it when the response varies on it', async () => {
    const { shared, gate, get } = setup((c) => {
      const host = c.req.header('x-forwarded-host') ?? 'shop.example'
      return c.html(`<script src="https://${host}/app.js"></script>`, 200, {
        vary: 'X-Forwarded-Host',
      })
    })
    const [attacker, victim] = await burst(shared, gate, [
      get({ 'x-forwarded-host': 'evil.example' }),
      get(),
    ])
    expect(await attacker!.text()).toContain('evil.example')
    expect(await victim!.text()).toBe('<script src="https://shop.example/app.js"></script>')
  })

  it.each([
    ['credentials in odd case', [['aUtHoRiZaTiOn', 'Bearer alice']]],
    [
      'two Cookie headers',
      [
        ['Cookie', 'a=1'],
        ['cookie', 'b=2'],
      ],
    ],
    ['an empty Authorization', [['authorization', '']]],
    ['an API key in a header no one expects', [['X-Partner-Api-Key', 'alice']]],
  ])(
    'a request with %s passes through, so it never joins or leads a shared flight',
    async (_, headers) => {
      const { app, shared, gate } = setup((c) => c.text('private'))
      gate.resolve()
      const response = await app.request('/r', { headers: headers as [string, string][] })
      expect(response.headers.get('x-shared-call')).toBe('pass')
      expect(shared.getStats().misses + shared.getStats().hits).toBe(0)
    },
  )

  it('a resource whose Vary changes every time never sends a follower round in circles', async () => {
    let n = 0
    const { shared, runs, gate, get } = setup((c) =>
      c.text(`answer for ${c.req.header('x-who')}`, 200, { vary: `X-Who, X-Extra-${++n}` }),
    )
    const responses = await burst(shared, gate, [
      get({ 'x-who': 'alice' }),
      get({ 'x-who': 'bob' }),
      get({ 'x-who': 'bob' }),
    ])
    // Bob's requests miss Alice's variant and share one of their own: no loop, no third round.
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual([
      'answer for alice',
      'answer for bob',
      'answer for bob',
    ])
    expect(runs.count).toBeLessThanOrEqual(3)
  })
})
