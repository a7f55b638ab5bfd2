import { quantile, type StampedeResult } from './run-stampede'

const calls = (n: number) => `${n} upstream ${n === 1 ? 'call' : 'calls'}`

/** What the two bursts' numbers say, and nothing they don't. */
export function StampedeSummary({ results }: { results: StampedeResult[] }) {
  return (
    <>
      Done.{' '}
      {results.map(({ route, requests, completed, upstream }) => {
        const latencies = completed.map((r) => r.ms)
        return (
          <span key={route}>
            {route === 'api' ? 'With the middleware' : 'Without it'}: {requests} requests,{' '}
            {calls(upstream?.calls ?? 0)}, median {Math.round(quantile(latencies, 0.5))} ms, slowest{' '}
            {Math.round(Math.max(0, ...latencies))} ms.{' '}
          </span>
        )
      })}
    </>
  )
}
