// shared-call/otel on workerd: the edge demo's app, its SharedCall
// instrumented, behind @hono/otel's request spans, on the real SDK
// (test/integration/fixtures/otel). A burst of identical requests reads
// as it does on Node: one leader call, the rest followers, one run span,
// and each follower's wait in its own request's trace, linked to the run.
import { SpanKind } from '@opentelemetry/api'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type RunningDemo, startDemo } from './runtime'

const CONFIG = 'test/integration/fixtures/otel/wrangler.toml'
/** Upstream latency: long enough that 20 requests overlap even on a slow box. */
const DELAY_MS = 1000

interface Seen {
  metrics: { name: string; points: { attributes: Record<string, unknown>; value: unknown }[] }[]
  spans: {
    name: string
    kind: SpanKind
    traceId: string
    spanId: string
    parentSpanId?: string
    links: string[]
    attributes: Record<string, unknown>
  }[]
}

let worker: RunningDemo | undefined
beforeAll(async () => {
  worker = await startDemo('workerd', CONFIG)
})
afterAll(async () => {
  await worker?.stop()
})

it('on workerd, 20 concurrent requests read as 1 leader and 19 followers, with linked spans', async () => {
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => fetch(`${worker!.url}/api/products/3?delay=${DELAY_MS}`)),
  )
  for (const response of responses) await response.arrayBuffer()
  const roles = responses.map((r) => r.headers.get('x-shared-call'))
  expect(roles.filter((role) => role === 'leader')).toHaveLength(1)
  expect(roles.filter((role) => role === 'follower')).toHaveLength(19)

  const seen = (await (await fetch(`${worker!.url}/_otel`)).json()) as Seen
  const calls = seen.metrics.find((m) => m.name === 'shared_call.calls')!.points
  const count = (role: string) =>
    calls.find((p) => p.attributes['shared_call.role'] === role)?.value
  expect([count('leader'), count('follower'), count('remote')]).toEqual([1, 19, 0])

  const requests = seen.spans.filter((s) => s.kind === SpanKind.SERVER)
  const runs = seen.spans.filter((s) => s.name === 'shared-call run')
  const waits = seen.spans.filter((s) => s.name === 'shared-call wait')
  expect(requests).toHaveLength(20)
  expect(runs).toHaveLength(1)
  expect(waits).toHaveLength(19)
  const [run] = runs
  // The run is in the leader's request; each wait in its own request, linked to the run.
  expect(requests.map((r) => r.spanId)).toContain(run!.parentSpanId)
  for (const wait of waits) {
    expect(wait.links).toEqual([run!.spanId])
    const request = requests.find((r) => r.spanId === wait.parentSpanId)
    expect(request?.traceId).toBe(wait.traceId)
    expect(request?.spanId).not.toBe(run!.parentSpanId)
  }
})
