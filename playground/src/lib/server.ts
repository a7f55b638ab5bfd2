import type { SharedCallStats } from 'shared-call'
import type { UpstreamStats } from '../../../edge-demo/upstream'
import { readJson } from './product'

export type { UpstreamStats } from '../../../edge-demo/upstream'

export interface ServerStats {
  upstream: UpstreamStats
  shared: SharedCallStats
}

// `no-store`: the browser must ask every time, or a poll could show an old number.
const noStore: RequestInit = { cache: 'no-store' }

/**
 * A new run id: the edge demo counts (and numbers) upstream calls per run, so
 * a page that tags its requests with one reads only its own calls, never a
 * late answer of an earlier run or another page's. Not `crypto.randomUUID`:
 * it is missing on plain-http LAN addresses.
 */
export const newRunId = (page: string) =>
  `${page}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

/** The upstream counters of one run. */
export const fetchUpstreamStats = async (run: string): Promise<UpstreamStats> =>
  readJson<UpstreamStats>(await fetch(`/_upstream/stats?run=${encodeURIComponent(run)}`, noStore))

/** One run's upstream counters and the server middleware's `SharedCall` stats. */
export const fetchServerStats = async (run: string): Promise<ServerStats> => {
  const [upstream, shared] = await Promise.all([
    fetchUpstreamStats(run),
    fetch('/_shared-call/stats', noStore).then((response) => readJson<SharedCallStats>(response)),
  ])
  return { upstream, shared }
}

/** Zeroes the server middleware's `SharedCall` stats, before a run (upstream counters are per run). */
export const resetServerStats = async (): Promise<void> => {
  const response = await fetch('/_shared-call/reset', { method: 'POST' })
  if (!response.ok) throw new Error(`resetting the server answered HTTP ${response.status}`)
}
