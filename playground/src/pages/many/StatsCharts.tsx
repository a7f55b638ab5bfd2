import { LineChart } from '../../charts/LineChart'
import type { ClientSample, ServerSample } from './use-stats-history'
import { WINDOW } from './use-stats-history'

interface StatsChartsProps {
  client: ClientSample[]
  server: ServerSample[]
  now: number
}

const line = <T extends { t: number }>(samples: T[], pick: (s: T) => number) =>
  samples.map((s) => ({ t: s.t, value: pick(s) }))

/** The page's and the server's counters since the run started (at most the last half minute), side by side. */
export function StatsCharts({ client, server, now }: StatsChartsProps) {
  // Five seconds at least, so that a run of a second fills the chart.
  const window = Math.min(WINDOW, Math.max(5, Math.ceil(now)))
  return (
    <div className="charts">
      <LineChart
        title="In the page (useSharedCallStats)"
        testId="many-chart-client"
        now={now}
        window={window}
        yLabel="calls"
        series={[
          { name: 'hits (joined a flight)', tone: 'hits', points: line(client, (s) => s.hits) },
          {
            name: 'misses (started a fetch)',
            tone: 'misses',
            points: line(client, (s) => s.misses),
          },
          { name: 'active flights', tone: 'active', points: line(client, (s) => s.active) },
        ]}
      />
      <LineChart
        title="On the server (/_shared-call/stats, /_upstream/stats)"
        testId="many-chart-server"
        now={now}
        window={window}
        yLabel="requests"
        series={[
          { name: 'hits', tone: 'hits', points: line(server, (s) => s.hits) },
          { name: 'misses', tone: 'misses', points: line(server, (s) => s.misses) },
          { name: 'active flights', tone: 'active', points: line(server, (s) => s.active) },
          { name: 'upstream calls', tone: 'upstream', points: line(server, (s) => s.upstream) },
        ]}
      />
    </div>
  )
}
