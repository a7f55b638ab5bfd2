import { formatPrice } from '../../lib/product'
import type { TabLoad } from './use-tab-load'

/** The role of this tab in its last load, as a word the test and the reader can check. */
export const roleOf = (load: TabLoad) =>
  load.state === 'done' ? (load.fromAnotherTab ? 'follower' : 'leader') : load.state

const said: Record<string, string> = {
  idle: 'Not loaded yet.',
  asking: 'Asking the other tabs… (waiting for the tab that leads, if one does)',
  leading: 'This tab leads: its request is out, the other tabs wait for it.',
  leader: 'This tab led: it sent the request and shared the answer.',
  follower: 'Another tab sent the request: this tab got its answer, and sent none.',
}

/** What this tab's last load (of `loads` so far) did and brought. */
export function TabResult({ load, loads }: { load: TabLoad; loads: number }) {
  const role = roleOf(load)
  return (
    <section
      className="panel"
      data-testid="tabs-status"
      data-state={load.state}
      data-role={role}
      data-load={loads}
    >
      {load.state === 'error' ? (
        <p className="error-text" role="alert">
          {load.error.message}
        </p>
      ) : (
        <p data-testid="tabs-role">{said[role]}</p>
      )}
      {load.state === 'done' && (
        <dl>
          <dt>product</dt>
          <dd data-testid="tabs-product-name">
            {load.product.name}, {formatPrice(load.product.price)}
          </dd>
          <dt>upstream call of this run</dt>
          <dd data-testid="tabs-upstream-call">{load.product.upstreamCall}</dd>
          <dt>took</dt>
          <dd>{load.ms} ms</dd>
        </dl>
      )}
    </section>
  )
}
