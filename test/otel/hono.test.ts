import { writeFileSync } from 'node:fs'
import { httpInstrumentationMiddleware } from '@hono/otel'
import { SpanKind } from '@opentelemetry/api'
import { Hono } from 'hono'
import { SharedCall } from 'shared-call'
import { sharedCall } from 'shared-call/hono'
import {
  ATTR_ROLE,
  instrumentSharedCall,
  roleOnActiveSpan,
  SPAN_RUN,
  SPAN_WAIT,
} from 'shared-call/otel'
import { describe, expect, it } from 'vitest'
import { burst, heldHandler } from '../hono/helpers'
import { asyncContextPerFile, tracesSdk } from './sdk'
import { waterfall } from './waterfall'

asyncContextPerFile()

/** A Hono app with @hono/otel's request spans, and sharedCall() putting each role on them. */
const tracedApp = () => {
  const sdk = tracesSdk()
  const shared = new SharedCall()
  instrumentSharedCall(shared, { tracerProvider: sdk.provider })
  const { gate, hold } = heldHandler()
  const app = new Hono()
  app.use('*', httpInstrumentationMiddleware({ tracerProvider: sdk.provider }))
  app.use('/api/*', sharedCall({ shared, onRole: roleOnActiveSpan, serverTiming: true }))
  app.get('/api/report', async (c) => {
    await hold()
    // What the handler does runs in the flight's span: a child of it.
    sdk.tracer.startSpan('SELECT report').end()
    return c.json({ rows: 3 })
  })
  return { app, shared, gate, ...sdk }
}

describe('sharedCall() with @hono/otel', () => {
  it("puts each request's role on its request span, and links each follower's wait to the leader's run", async () => {
    const { app, shared, gate, named, spans } = tracedApp()
    const responses = await burst(
      shared,
      gate,
      Array.from({ length: 4 }, () => () => app.request('/api/report')),
    )
    expect(responses.map((r) => r.headers.get('server-timing'))).toEqual([
      'shared-call;desc="leader"',
      'shared-call;desc="follower"',
      'shared-call;desc="follower"',
      'shared-call;desc="follower"',
    ])

    const requests = spans().filter((span) => span.kind === SpanKind.SERVER)
    expect(requests.map((span) => span.attributes[ATTR_ROLE]).sort()).toEqual([
      'follower',
      'follower',
      'follower',
      'leader',
    ])
    const leader = requests.find((span) => span.attributes[ATTR_ROLE] === 'leader')!
    const [run] = named(SPAN_RUN)
    const [query] = named('SELECT report')
    expect(run!.parentSpanContext?.spanId).toBe(leader.spanContext().spanId)
    expect(query!.parentSpanContext?.spanId).toBe(run!.spanContext().spanId)
    const waits = named(SPAN_WAIT)
    expect(waits).toHaveLength(3)
    for (const wait of waits) {
      const request = requests.find(
        (r) => r.spanContext().spanId === wait.parentSpanContext?.spanId,
      )
      expect(request?.attributes[ATTR_ROLE]).toBe('follower')
      expect(wait.links.map((link) => link.context.spanId)).toEqual([run!.spanContext().spanId])
    }
    // The trace picture of docs/observability.md, drawn from these spans.
    const picture = waterfall(spans())
    expect(picture.split('\n')).toHaveLength(spans().length)
    if (process.env.UPDATE_DOCS_SCREENSHOTS)
      writeFileSync(new URL('../../docs/observability-trace.txt', import.meta.url), `${picture}\n`)
  })

  it('says pass on the span of a request that passed through', async () => {
    const { app, gate, spans } = tracedApp()
    gate.resolve()
    const response = await app.request('/api/report', { headers: { authorization: 'Bearer a' } })
    expect(response.headers.get('x-shared-call')).toBe('pass')
    const [request] = spans().filter((span) => span.kind === SpanKind.SERVER)
    expect(request!.attributes[ATTR_ROLE]).toBe('pass')
  })
})
