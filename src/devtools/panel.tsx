import { type CSSProperties, useEffect, useMemo, useReducer, useRef, useState } from 'react'
import type { SharedCall } from 'shared-call'
import { type InspectedKey, inspectSharedCall, type SharedCallInspector } from 'shared-call/react'
import { type KeyRecord, type Recorder, record, type Tick } from './recorder'
import { duration, preview, statusOf } from './state'

const font = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'
const colors = { loading: '#f0b429', error: '#ef5350', fresh: '#4caf50', stale: '#9e9e9e' }
const styles: Record<string, CSSProperties> = {
  toggle: {
    position: 'fixed',
    right: 12,
    bottom: 12,
    zIndex: 2147483647,
    font: `12px ${font}`,
    background: '#1e2329',
    color: '#e6edf3',
    border: '1px solid #3d444d',
    borderRadius: 16,
    padding: '6px 12px',
    cursor: 'pointer',
  },
  panel: {
    position: 'fixed',
    right: 12,
    bottom: 52,
    zIndex: 2147483647,
    width: 'min(1000px, calc(100vw - 24px))',
    maxHeight: '55vh',
    overflow: 'auto',
    font: `12px ${font}`,
    background: '#161b22',
    color: '#e6edf3',
    border: '1px solid #3d444d',
    borderRadius: 8,
    boxShadow: '0 8px 24px rgba(0,0,0,.4)',
  },
  header: { display: 'flex', alignItems: 'center', gap: 16, padding: '8px 12px' },
  table: { width: '100%', borderCollapse: 'collapse' },
  cell: {
    padding: '4px 8px',
    borderTop: '1px solid #30363d',
    textAlign: 'left',
    whiteSpace: 'nowrap',
  },
  button: {
    font: 'inherit',
    background: '#21262d',
    color: 'inherit',
    border: '1px solid #3d444d',
    borderRadius: 4,
    padding: '1px 6px',
    marginRight: 4,
    cursor: 'pointer',
  },
}

/** The hit rate over the last ticks, as a line: 0 % at the bottom, 100 % at the top. */
function HitRateLine({ ticks }: { ticks: readonly Tick[] }) {
  const width = 160
  const height = 28
  const points = ticks
    .map((tick, i) =>
      tick.hitRate === undefined
        ? undefined
        : `${((i / 59) * width).toFixed(1)},${(height - tick.hitRate * height).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(' ')
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label="hit rate"
      data-testid="sc-devtools-hit-rate-line"
    >
      <rect width={width} height={height} fill="#0d1117" />
      <polyline points={points} fill="none" stroke="#58a6ff" strokeWidth={1.5} />
    </svg>
  )
}

/** One key: what the hook holds, what the panel saw of its calls, and the actions. */
function KeyRow({
  item,
  seen,
  inspector,
  refresh,
}: {
  item: InspectedKey
  seen: KeyRecord | undefined
  inspector: SharedCallInspector
  refresh: () => void
}) {
  const [editing, setEditing] = useState<string | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  const status = statusOf(item)
  const since = seen?.settledAt ?? (item.fetchedAt || undefined)
  const act = (action: () => unknown) => () => {
    Promise.resolve(action()).catch(() => {})
    refresh()
  }
  const set = () => {
    try {
      const value = JSON.parse(editing ?? '')
      setEditing(undefined)
      setProblem(undefined)
      act(() => inspector.mutate(item.id, value))()
    } catch (error) {
      setProblem(`not JSON: ${(error as Error).message}`)
    }
  }
  return (
    <>
      <tr data-testid="sc-devtools-key" data-key={item.id} data-state={status}>
        <td style={styles.cell} title={item.id}>
          {preview(item.id, 28)}
        </td>
        <td style={{ ...styles.cell, color: colors[status] }} data-testid="sc-devtools-state">
          {status}
        </td>
        <td style={styles.cell} data-testid="sc-devtools-subscribers">
          {item.subscribers}
        </td>
        <td style={styles.cell}>{since === undefined ? '–' : duration(Date.now() - since)}</td>
        <td style={styles.cell} data-testid="sc-devtools-last-fetch">
          {duration(seen?.lastMs)}
        </td>
        <td style={styles.cell} data-testid="sc-devtools-errors">
          {seen?.errors ?? 0} / {item.retries}
        </td>
        <td style={styles.cell} data-testid="sc-devtools-roles">
          {seen?.leaders ?? 0} / {seen?.followers ?? 0}
        </td>
        <td
          style={styles.cell}
          data-testid="sc-devtools-data"
          title={preview(item.error ?? item.data, 2000)}
        >
          {preview(item.error ?? item.data, 24)}
        </td>
        <td style={{ ...styles.cell, whiteSpace: 'nowrap' }}>
          <button
            type="button"
            style={styles.button}
            data-testid="sc-devtools-revalidate"
            onClick={act(() => inspector.revalidate(item.id))}
          >
            revalidate
          </button>
          <button
            type="button"
            style={styles.button}
            data-testid="sc-devtools-mutate"
            onClick={() =>
              setEditing(editing === undefined ? (JSON.stringify(item.data) ?? '') : undefined)
            }
          >
            mutate
          </button>
          <button
            type="button"
            style={styles.button}
            data-testid="sc-devtools-forget"
            onClick={act(() => inspector.forget(item.id))}
          >
            forget
          </button>
        </td>
      </tr>
      {editing !== undefined && (
        <tr>
          <td style={styles.cell} colSpan={9}>
            <input
              aria-label={`new data for ${item.id}`}
              data-testid="sc-devtools-mutate-input"
              style={{ ...styles.button, width: '70%' }}
              value={editing}
              onChange={(event) => setEditing(event.target.value)}
              onKeyDown={(event) => event.key === 'Enter' && set()}
            />
            <button
              type="button"
              style={styles.button}
              data-testid="sc-devtools-mutate-set"
              onClick={set}
            >
              set
            </button>
            {problem && <span style={{ color: colors.error }}>{problem}</span>}
          </td>
        </tr>
      )}
    </>
  )
}

/** The panel, once it may render: records while mounted, refreshes on stats changes and every second. */
export function Panel({ shared, initialIsOpen }: { shared: SharedCall; initialIsOpen: boolean }) {
  const [open, setOpen] = useState(initialIsOpen)
  const [, refreshNow] = useReducer((n: number) => n + 1, 0)
  const recorder = useRef<Recorder | undefined>(undefined)
  const inspector = useMemo(() => inspectSharedCall(shared), [shared])
  useEffect(() => {
    let scheduled: ReturnType<typeof setTimeout> | undefined
    // Stats change on every call: one render per 100 ms at most.
    const refresh = () => {
      scheduled ??= setTimeout(() => {
        scheduled = undefined
        refreshNow()
      }, 100)
    }
    const watching = record(shared, refresh)
    recorder.current = watching
    const unsubscribe = shared.subscribe(refresh)
    const ticking = setInterval(() => {
      watching.tick()
      refreshNow()
    }, 1000)
    return () => {
      clearTimeout(scheduled)
      clearInterval(ticking)
      unsubscribe()
      watching.stop()
      recorder.current = undefined
    }
  }, [shared])

  const stats = shared.getStats()
  const rate = `${Math.round(stats.hitRate * 100)} %`
  if (!open)
    return (
      <button
        type="button"
        style={styles.toggle}
        data-testid="sc-devtools-toggle"
        onClick={() => setOpen(true)}
      >
        shared-call · {rate}
      </button>
    )
  const keys = inspector.keys()
  return (
    <>
      <button
        type="button"
        style={styles.toggle}
        data-testid="sc-devtools-toggle"
        onClick={() => setOpen(false)}
      >
        close shared-call
      </button>
      <section
        style={styles.panel}
        data-testid="sc-devtools-panel"
        aria-label="shared-call devtools"
      >
        <header style={styles.header}>
          <strong>shared-call</strong>
          <HitRateLine ticks={recorder.current?.ticks ?? []} />
          <span data-testid="sc-devtools-stats">
            hit rate {rate} · {stats.misses} leaders / {stats.hits} followers · {stats.remoteHits}{' '}
            remote · {stats.active} active · {stats.errors} errors
          </span>
        </header>
        <table style={styles.table}>
          <thead>
            <tr>
              {[
                'key',
                'state',
                'subscribers',
                'age',
                'last fetch',
                'err / retry',
                'lead / follow',
                'data',
                '',
              ].map((title) => (
                <th key={title} style={styles.cell}>
                  {title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keys.map((item) => (
              <KeyRow
                key={item.id}
                item={item}
                seen={recorder.current?.keys.get(item.id)}
                inspector={inspector}
                refresh={refreshNow}
              />
            ))}
          </tbody>
        </table>
        {!keys.length && (
          <p style={{ padding: '0 12px' }}>
            No key yet: nothing called useSharedCall on this instance.
          </p>
        )}
      </section>
    </>
  )
}
