import type { SharedCallStats } from 'shared-call'
import { readJson } from './product'

/** The edge demo's upstream counters: calls made since the last reset, calls running now. */
export interface UpstreamStats {
  calls: number
  active: number
}

export interface ServerStats {
  upstream: UpstreamStats
  shared: SharedCallStats
}

// `no-store`: the browser must ask every time, or a poll could show an old number.
const noStore: RequestInit = { cache: 'no-store' }

export const fetchUpstreamStats = async (): Promise<UpstreamStats> =>
  readJson<UpstreamStats>(await fetch('/_upstream/stats', noStore))

export const fetchServerStats = async (): Promise<ServerStats> => {
  const [upstream, shared] = await Promise.all([
    fetchUpstreamStats(),
    fetch('/_shared-call/stats', noStore).then((response) => readJson<SharedCallStats>(response)),
  ])
  return { upstream, shared }
}

/** Zeroes the server's upstream counters and its shared-call stats, before a run. */
export const resetServer = async (): Promise<void> => {
  const response = await fetch('/_upstream/reset', { method: 'POST' })
  if (!response.ok) throw new Error(`resetting the server answered HTTP ${response.status}`)
}
