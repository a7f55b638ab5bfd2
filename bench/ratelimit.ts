// Seed scenario 3, rate limit: 50 concurrent callers want the same quote from
// a real HTTP API on 127.0.0.1 that allows 10 requests per second.
import { SharedCall } from 'shared-call'
import { burst } from './lib/load'
import { startRateLimitedApi } from './lib/rate-limited-api'
import { writeResult } from './lib/report'

const CALLERS = 50
const PER_SECOND = 10

// From ../shared/reference/shared-call-py-README.md, "Rate Limit Prevention".
// Its heading says 50 concurrent requests but its figures add up to 100.
const seed = {
  without: { ok: 10, failed: 90, apiCalls: 100 },
  with: { ok: 100, failed: 0, apiCalls: 1 },
}

const measure = async (coalesce: boolean) => {
  // A fresh API per mode, so both start with a full bucket.
  const api = await startRateLimitedApi({ perSecond: PER_SECOND })
  try {
    const shared = new SharedCall()
    const getQuote = async () => {
      const response = await fetch(api.url)
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      return response.json()
    }
    const result = await burst(
      CALLERS,
      coalesce ? () => shared.run('quote:ACME', getQuote) : getQuote,
    )
    return { ...result, apiCalls: api.calls() }
  } finally {
    await api.close()
  }
}

const without = await measure(false)
const withShared = await measure(true)
const row = (mode: string, r: typeof without, s: typeof seed.without) => ({
  mode,
  callers: CALLERS,
  successful: r.ok,
  'failed (429)': r.failed,
  'API calls': r.apiCalls,
  'duration ms': r.durationMs,
  'seed successful': s.ok,
  'seed failed': s.failed,
  'seed API calls': s.apiCalls,
})
writeResult(
  'ratelimit',
  [
    {
      title: `Rate limit: ${CALLERS} concurrent callers, HTTP API on 127.0.0.1 allowing ${PER_SECOND} requests/s (token bucket)`,
      rows: [
        row('without coalescing', without, seed.without),
        row('with shared-call', withShared, seed.with),
      ],
      note: "The seed's heading says 50 concurrent requests while its figures count 100; we run 50.",
    },
  ],
  { params: { callers: CALLERS, perSecond: PER_SECOND }, seed },
)
