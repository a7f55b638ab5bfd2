// Memory: a million calls must leave nothing behind: no flight in the map,
// no listener on a long-lived signal, no heap growth. Run with --expose-gc.
import { getEventListeners } from 'node:events'
import { SharedCall } from 'shared-call'
import { round, writeResult } from './lib/report'

const CALLS = Number(process.env.MEMORY_CALLS ?? 1_000_000)
const BATCH = 10_000

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc (npm run bench -- memory does)')

const heapMb = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

const work = () => Promise.resolve(1)

/** CALLS calls on distinct keys, BATCH of them in flight at a time. */
const measure = async (name: string, signal: AbortSignal | undefined) => {
  const shared = new SharedCall()
  const options = signal ? { signal } : undefined
  const before = heapMb()
  let peak = before
  for (let start = 0; start < CALLS; start += BATCH) {
    const pending: Promise<unknown>[] = []
    for (let i = start; i < start + BATCH; i++) pending.push(shared.run(`key:${i}`, work, options))
    if (start % (BATCH * 20) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed / 2 ** 20)
    await Promise.all(pending)
  }
  const after = heapMb()
  // Independent of the map's size: a key from the run must start new work.
  const missesBefore = shared.getStats().misses
  await shared.run('key:0', work)
  const freshMiss = shared.getStats().misses === missesBefore + 1
  return {
    scenario: name,
    calls: CALLS,
    'heap before MB': round(before, 2),
    'heap after MB': round(after, 2),
    'heap delta MB': round(after - before, 2),
    'peak in flight MB': round(peak, 1),
    'flight map size after': shared.size,
    'old key is a miss again': freshMiss,
    'abort listeners left': signal ? getEventListeners(signal, 'abort').length : null,
  }
}

const rows = [
  await measure('distinct keys, no signal', undefined),
  await measure('distinct keys, one shared AbortSignal', new AbortController().signal),
]
writeResult(
  'memory',
  [
    {
      title: `Memory: ${CALLS.toLocaleString('en')} calls, ${BATCH.toLocaleString('en')} in flight at a time, heap after gc()`,
      rows,
      note: 'Target: map empty, no listener left, heap flat (delta near 0 MB). The shared signal carries one abort listener however many of its callers wait (10 000 at once here), so Node never warns MaxListenersExceededWarning.',
    },
  ],
  { params: { calls: CALLS, batch: BATCH } },
)
