import { quantile, type StampedeResult } from './run-stampede'

const titles = {
  api: 'With the middleware: /api/products/2',
  direct: 'Without it: /direct/products/2',
} as const

/** One run's numbers: requests, upstream calls, what the middleware did, latency. */
export function ResultCard({ result }: { result: StampedeResult }) {
  const { route, requests, failed, upstreamCalls, latencies, roles } = result
  const roleText = Object.entries(roles)
    .map(([role, count]) => `${count} ${role}`)
    .join(', ')
  return (
    <section className={`panel result tone-${route === 'api' ? 'shared' : 'direct'}`}>
      <h3>{titles[route]}</h3>
      <dl>
        <dt>requests</dt>
        <dd data-testid={`stampede-${route}-requests`}>{requests}</dd>
        <dt>upstream calls</dt>
        <dd data-testid={`stampede-${route}-upstream`}>{upstreamCalls}</dd>
        <dt>
          <code>x-shared-call</code>
        </dt>
        <dd>{roleText || '—'}</dd>
        <dt>latency median / p95</dt>
        <dd>
          {Math.round(quantile(latencies, 0.5))} / {Math.round(quantile(latencies, 0.95))} ms
        </dd>
        {failed > 0 && (
          <>
            <dt>failed</dt>
            <dd className="error-text">{failed}</dd>
          </>
        )}
      </dl>
    </section>
  )
}
