import { quantile, rolesOf, type StampedeResult, type StampedeSettings } from './run-stampede'

const titles = {
  api: 'With the middleware: /api/products/2',
  direct: 'Without it: /direct/products/2',
} as const

/** One burst's numbers: requests, upstream calls, what the middleware did, latency. */
export function ResultCard({
  result,
  settings,
}: {
  result: StampedeResult
  settings: StampedeSettings
}) {
  const { route, requests, completed, upstream } = result
  const latencies = completed.map((r) => r.ms)
  const failed = completed.filter((r) => r.status !== 200).length
  const median = quantile(latencies, 0.5)
  const slowest = Math.max(0, ...latencies)
  const roleText = Object.entries(rolesOf(completed))
    .map(([role, count]) => `${count} × ${role === 'none' ? 'no header' : role}`)
    .join(', ')
  return (
    <section
      className={`panel result tone-${route === 'api' ? 'shared' : 'direct'}`}
      data-testid={`stampede-${route}`}
      data-done={upstream !== undefined}
    >
      <h3>{titles[route]}</h3>
      <dl>
        <dt>requests answered</dt>
        <dd>
          <span data-testid={`stampede-${route}-answered`}>{completed.length}</span> /{' '}
          <span data-testid={`stampede-${route}-requests`}>{requests}</span>
        </dd>
        <dt>upstream calls</dt>
        <dd data-testid={`stampede-${route}-upstream`}>{upstream?.calls ?? '…'}</dd>
        <dt>most at once upstream</dt>
        <dd>
          <span data-testid={`stampede-${route}-peak`}>{upstream?.peak ?? '…'}</span> (pool of{' '}
          {settings.pool})
        </dd>
        <dt>
          <code>x-shared-call</code>
        </dt>
        <dd data-testid={`stampede-${route}-roles`}>{roleText || '—'}</dd>
        <dt>latency median / p95 / slowest</dt>
        <dd data-testid={`stampede-${route}-latency`} data-median={median} data-slowest={slowest}>
          {Math.round(median)} / {Math.round(quantile(latencies, 0.95))} / {Math.round(slowest)} ms
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
