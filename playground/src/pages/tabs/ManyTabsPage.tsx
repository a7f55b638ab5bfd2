import { useState } from 'react'
import { tabsSupported } from 'shared-call/tabs'
import { Counter } from '../../components/Counter'
import { ErrorNote } from '../../components/ErrorNote'
import { useServerStats } from '../../lib/use-server-stats'
import { TabResult } from './TabResult'
import { TabsControls } from './TabsControls'
import { startNewTabsRun, useTabsRun } from './tabs-run'
import { useRemoteHits, useTabLoad } from './use-tab-load'

/** Page 5: tabs of one origin load the same product; one sends the request. */
export function ManyTabsPage() {
  const [id, setId] = useState('1')
  const [delayMs, setDelayMs] = useState(3000)
  const run = useTabsRun()
  const { load, loads, requests, start } = useTabLoad(run)
  const remoteHits = useRemoteHits()
  const server = useServerStats(run || undefined, 500)
  const busy = load.state === 'asking' || load.state === 'leading'

  return (
    <>
      <p className="lead">
        This page's <code>SharedCall</code> has <code>tabsCoordinator()</code> from{' '}
        <code>shared-call/tabs</code>: the tabs of this origin that load the same product at the
        same time send one request. The tab that leads holds a Web Lock while it fetches and shares
        the answer over a <code>BroadcastChannel</code>; close it mid-flight and a waiting tab takes
        over.
      </p>
      <p className="panel" data-testid="tabs-hint">
        <strong>Open another tab:</strong>{' '}
        <a href="#/tabs" target="_blank" rel="noopener" data-testid="tabs-open">
          open this page in a new tab
        </a>
        , then press <em>Load</em> in both within the delay. One tab sends the request; the other
        shows it got the answer from another tab. Close the leading tab before the answer comes, and
        the other one fetches it itself.
      </p>
      {!tabsSupported() && (
        <p className="error" role="alert" data-testid="tabs-unsupported">
          This browser hides the Web Locks API here (it needs https or localhost), so each tab loads
          on its own.
        </p>
      )}
      <TabsControls
        id={id}
        delayMs={delayMs}
        busy={busy}
        onId={setId}
        onDelay={setDelayMs}
        onLoad={() => start(id, delayMs, run)}
      />
      <p className="muted" data-testid="tabs-run" data-run={run}>
        The counters below count this run, in every tab of this page.{' '}
        <button type="button" onClick={startNewTabsRun} disabled={busy} data-testid="tabs-new-run">
          New run
        </button>{' '}
        zeroes them in all tabs.
      </p>
      {server.error && <ErrorNote error={server.error} testId="tabs-server-error" />}
      <div className="counters">
        <Counter
          label="requests sent by this tab"
          value={requests}
          testId="tabs-requests"
          hint="in this run; only the leading tab sends one"
        />
        <Counter
          label="answers from another tab"
          value={remoteHits}
          testId="tabs-remote-hits"
          hint="in this run: remoteHits in getStats()"
        />
        <Counter
          label="upstream calls on the server"
          value={server.stats?.upstream.calls}
          testId="tabs-upstream"
          hint="in this run, from every tab"
        />
      </div>
      <TabResult load={load} loads={loads} />
    </>
  )
}
