import { context, SpanStatusCode, trace } from '@opentelemetry/api'
import { SharedCall } from 'shared-call'
import {
  ATTR_KEY,
  ATTR_NAMESPACE,
  ATTR_OUTCOME,
  ATTR_ROLE,
  instrumentSharedCall,
  SPAN_RUN,
  SPAN_WAIT,
} from 'shared-call/otel'
import { afterEach, describe, expect, it } from 'vitest'
import { deferred } from '../support/deferred'
import { asyncContextPerFile, tracesSdk } from './sdk'

asyncContextPerFile()

const sdks: ReturnType<typeof tracesSdk>[] = []
afterEach(async () => {
  for (const sdk of sdks.splice(0)) await sdk.shutdown()
})

const traced = (options: Parameters<typeof instrumentSharedCall>[1] = {}) => {
  const sdk = tracesSdk()
  sdks.push(sdk)
  const shared = new SharedCall()
  instrumentSharedCall(shared, { tracerProvider: sdk.provider, ...options })
  return { shared, ...sdk }
}

describe('instrumentSharedCall: traces', () => {
  it("runs the leader's work in a `shared-call run` span, under the caller's span: what the work does is its child", async () => {
    const { shared, tracer, named, spans } = traced()
    const result = await tracer.startActiveSpan('GET /report', async (request) => {
      const value = await shared.run('report', async () => {
        await Promise.resolve()
        // A span the work makes after an await (an instrumented fetch would).
        return tracer.startActiveSpan('SELECT report', (query) => {
          query.end()
          return 'rows'
        })
      })
      request.end()
      return value
    })
    expect(result).toBe('rows')

    const [request] = named('GET /report')
    const [run] = named(SPAN_RUN)
    const [query] = named('SELECT report')
    expect(spans()).toHaveLength(3)
    expect(run!.parentSpanContext?.spanId).toBe(request!.spanContext().spanId)
    expect(query!.parentSpanContext?.spanId).toBe(run!.spanContext().spanId)
    expect(run!.spanContext().traceId).toBe(request!.spanContext().traceId)
    expect(run!.attributes).toEqual({
      [ATTR_NAMESPACE]: 'shared-call',
      [ATTR_ROLE]: 'leader',
      [ATTR_OUTCOME]: 'ok',
    })
  })

  it("makes a follower's wait a `shared-call wait` span in its own trace, linked to the leader's run", async () => {
    const { shared, tracer, named } = traced()
    const gate = deferred<string>()
    const request = (name: string) =>
      tracer.startActiveSpan(name, async (span) => {
        const value = await shared.run('report', () => gate.promise)
        span.end()
        return value
      })
    const first = request('GET /a')
    const second = request('GET /b')
    gate.resolve('report')
    expect(await Promise.all([first, second])).toEqual(['report', 'report'])

    const [a] = named('GET /a')
    const [b] = named('GET /b')
    const [run] = named(SPAN_RUN)
    const [wait] = named(SPAN_WAIT)
    expect(named(SPAN_WAIT)).toHaveLength(1)
    expect(run!.parentSpanContext?.spanId).toBe(a!.spanContext().spanId)
    // The wait belongs to the follower's request, and points at the run it waited on.
    expect(wait!.spanContext().traceId).toBe(b!.spanContext().traceId)
    expect(wait!.parentSpanContext?.spanId).toBe(b!.spanContext().spanId)
    expect(wait!.links.map((link) => link.context)).toEqual([run!.spanContext()])
    expect(wait!.attributes).toMatchObject({ [ATTR_ROLE]: 'follower', [ATTR_OUTCOME]: 'ok' })
  })

  it('marks a failed flight on the run span and on each wait span', async () => {
    const { shared, tracer, named } = traced()
    const gate = deferred()
    const failing = async () => {
      await gate.promise
      throw new Error('database down')
    }
    const request = (name: string) =>
      tracer.startActiveSpan(name, async (span) => {
        await expect(shared.run('k', failing)).rejects.toThrow('database down')
        span.end()
      })
    const both = Promise.all([request('a'), request('b')])
    gate.resolve()
    await both

    for (const span of [...named(SPAN_RUN), ...named(SPAN_WAIT)]) {
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database down' })
      expect(span.attributes[ATTR_OUTCOME]).toBe('error')
      expect(span.events.map((event) => event.name)).toEqual(['exception'])
    }
    expect(named(SPAN_RUN)).toHaveLength(1)
    expect(named(SPAN_WAIT)).toHaveLength(1)
  })

  it('makes no span for a follower outside any trace; the leader’s run is a root span', async () => {
    const { shared, named } = traced()
    const gate = deferred()
    const calls = Array.from({ length: 50 }, () => shared.run('k', () => gate.promise))
    gate.resolve()
    await Promise.all(calls)
    expect(named(SPAN_WAIT)).toHaveLength(0)
    expect(named(SPAN_RUN)).toHaveLength(1)
    expect(named(SPAN_RUN)[0]!.parentSpanContext).toBeUndefined()
  })

  it('puts the key on spans only with recordKey', async () => {
    const plain = traced()
    await plain.shared.run('user:4242', async () => 1)
    expect(JSON.stringify(plain.spans().map((s) => s.attributes))).not.toContain('4242')

    const keyed = traced({ recordKey: true })
    await keyed.shared.run('user:4242', async () => 1)
    expect(keyed.named(SPAN_RUN)[0]!.attributes[ATTR_KEY]).toBe('user:4242')
  })

  it('without a tracer behind the API, makes no span and leaves the work in its caller’s context', async () => {
    const shared = new SharedCall()
    instrumentSharedCall(shared) // the global tracer provider: no SDK registered
    const marker = context.active().setValue(Symbol.for('test.caller'), 'caller')
    const seen = await context.with(marker, () =>
      shared.run('k', async () => {
        await Promise.resolve()
        return {
          span: trace.getActiveSpan(),
          value: context.active().getValue(Symbol.for('test.caller')),
        }
      }),
    )
    expect(seen).toEqual({ span: undefined, value: 'caller' })
  })
})
