/** A slow product service that counts its calls, so a demo can show how few reach it. */
export interface Product {
  id: string
  name: string
  price: number
  /** Which call of its run produced this answer (1, 2, …). */
  upstreamCall: number
  servedAt: string
}

/** What the upstream did for one run (or for every run, since the last reset). */
export interface UpstreamStats {
  /** Calls made. */
  calls: number
  /** Calls being served now. */
  active: number
  /** Calls queued for a free connection of the pool. */
  waiting: number
  /** The most calls served at once. */
  peak: number
}

/** How one call asks: its latency, the run it is counted in, the pool it queues for. */
export interface Call {
  delayMs: number
  /** Calls are counted and numbered per run, so each page run reads only its own. */
  run: string
  /** Serve at most this many calls of the run at once, like a database pool; unlimited if unset. */
  pool?: number
}

/** Runs remembered at most; the oldest idle one is forgotten first. */
const MAX_RUNS = 1000

/** One run's counters, and its pool: calls over the limit wait their turn, first come first served. */
class Run {
  calls = 0
  active = 0
  peak = 0
  private readonly queue: { limit: number; start: () => void }[] = []

  get waiting() {
    return this.queue.length
  }

  get idle() {
    return this.active === 0 && this.queue.length === 0
  }

  stats(): UpstreamStats {
    return { calls: this.calls, active: this.active, waiting: this.waiting, peak: this.peak }
  }

  /** Resolves once the call holds a connection; `release` gives it back. */
  acquire(limit: number): Promise<void> {
    if (this.queue.length === 0 && this.active < limit) {
      this.started()
      return Promise.resolve()
    }
    return new Promise((start) => this.queue.push({ limit, start }))
  }

  release() {
    this.active--
    const next = this.queue[0]
    if (next && this.active < next.limit) {
      this.queue.shift()
      this.started()
      next.start()
    }
  }

  private started() {
    this.active++
    this.peak = Math.max(this.peak, this.active)
  }
}

let runs = new Map<string, Run>()
let total = new Run()

const runOf = (id: string): Run => {
  let run = runs.get(id)
  if (run) return run
  if (runs.size >= MAX_RUNS) {
    for (const [old, r] of runs) {
      if (!r.idle) continue
      runs.delete(old)
      break
    }
  }
  run = new Run()
  runs.set(id, run)
  return run
}

/** Waits `ms` milliseconds: the upstream's simulated latency. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * A product's price, from every character of its id (FNV-1a), so that
 * products 1 to 9 cost different amounts, and one product always the same.
 */
export const priceOf = (id: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193)
  return 5 + ((hash >>> 0) % 995)
}

/**
 * Looks a product up: waits for a connection of the run's pool (if it has
 * one), then `delayMs`, counting the call in its run and in the total.
 */
export const fetchProduct = async (id: string, { delayMs, run, pool }: Call): Promise<Product> => {
  const scope = runOf(run)
  const upstreamCall = ++scope.calls
  total.calls++
  await scope.acquire(pool ?? Number.POSITIVE_INFINITY)
  total.active++
  total.peak = Math.max(total.peak, total.active)
  try {
    await delay(delayMs)
    return {
      id,
      name: `Product ${id}`,
      price: priceOf(id),
      upstreamCall,
      servedAt: new Date().toISOString(),
    }
  } finally {
    total.active--
    scope.release()
  }
}

/** The counters of one run, or of every run together when `run` is undefined. */
export const upstreamStats = (run?: string): UpstreamStats => {
  if (run === undefined) return { ...total.stats(), waiting: sumWaiting() }
  return runs.get(run)?.stats() ?? { calls: 0, active: 0, waiting: 0, peak: 0 }
}

const sumWaiting = () => {
  let waiting = 0
  for (const run of runs.values()) waiting += run.waiting
  return waiting
}

/**
 * Forgets every run's counters. Calls still running finish on the counters
 * they started with, so none of them is counted in what comes after.
 */
export const resetUpstream = () => {
  runs = new Map()
  const active = total.active
  total = new Run()
  total.active = active
}
