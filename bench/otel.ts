// What `shared-call/otel` costs a call: the plain path of bench/micro.ts
// (1000 concurrent callers without a signal, same key and distinct keys),
// instrumented and not, side by side in one process, interleaved, each
// ratio the median of per-sample ratios. Each setup runs in its own process,
// since OpenTelemetry's providers and context manager are process-wide:
//
//   api      instrumented, no SDK (the API's no-ops): the wrapper's own cost
//   metrics  + the SDK's MeterProvider and AsyncLocalStorage context, as NodeSDK sets them up
//   traces   + the SDK's tracer, every flight sampled (its span is a root: callers are in no trace)
//
// The uninstrumented instance runs in the same process beside it, so the
// `off` column is what the SDK's mere presence costs an instance nobody
// instrumented (nothing: it has no hook to call).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { context, metrics, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base'
import { median, type Row, round, writeResult } from './lib/report'

const root = fileURLToPath(new URL('..', import.meta.url))
// The built package, as users get it (see bench/micro.ts).
const build = () =>
  spawnSync(process.execPath, ['scripts/build.mjs', '--if-changed'], {
    cwd: root,
    stdio: 'inherit',
  }).status === 0

const CALLERS = 1000
const ROUNDS = Number(process.env.OTEL_ROUNDS ?? 200)
const SAMPLES = Number(process.env.OTEL_SAMPLES ?? 9)
const WARMUP = 5
const SETUPS = ['api', 'metrics', 'traces'] as const
type Setup = (typeof SETUPS)[number]

/** CPU time of this process (user + system), in ns: load elsewhere on the machine counts for nobody. */
const now = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) * 1000
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

/** Spans go nowhere: the exporter is not what is measured. */
const dropSpans: SpanExporter = {
  export: (_spans: ReadableSpan[], done) => done({ code: 0 }),
  shutdown: async () => {},
}

/** A reader collected by hand: periodic export is not what is measured. */
class HandReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

const measure = async (setup: Setup) => {
  const reader = new HandReader()
  if (setup !== 'api') {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }))
  }
  if (setup === 'traces') {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropSpans)] }),
    )
  }
  const { SharedCall } = (await import(`${root}dist/index.js`)) as typeof import('shared-call')
  const { instrumentSharedCall } = (await import(
    `${root}dist/otel.js`
  )) as typeof import('shared-call/otel')

  let runs = 0
  const work = () => {
    runs++
    return Promise.resolve(42)
  }
  const plain = new SharedCall()
  const instrumented = new SharedCall()
  instrumentSharedCall(instrumented)
  const contenders = [
    { name: 'off', shared: plain },
    { name: setup, shared: instrumented },
  ]
  const distinct = Array.from({ length: CALLERS }, (_, i) => `item:${i}`)
  const rows: Row[] = []
  for (const [scenario, keyOf] of [
    ['same key', () => 'item:1'],
    ['distinct keys', (i: number) => distinct[i] as string],
  ] as const) {
    const times = contenders.map(() => [] as number[])
    const pending: Promise<unknown>[] = new Array(CALLERS)
    for (let s = 0; s < WARMUP + SAMPLES; s++) {
      for (let j = 0; j < contenders.length; j++) {
        const index = (s + j) % contenders.length
        const { shared } = contenders[index]!
        gc()
        const start = now()
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < CALLERS; i++) pending[i] = shared.run(keyOf(i), work)
          await Promise.all(pending)
        }
        if (s >= WARMUP) times[index]!.push((now() - start) / (ROUNDS * CALLERS))
      }
    }
    const [off, on] = times as [number[], number[]]
    rows.push({
      scenario,
      setup,
      'off ns/call': round(median(off)),
      'on ns/call': round(median(on)),
      'on ÷ off': `${round(median(on.map((value, i) => value / off[i]!)), 2)}×`,
    })
  }
  if (setup !== 'api') await reader.collect() // the counters can be read
  if (runs === 0) throw new Error('no work ran')
  return rows
}

const only = process.env.OTEL_SETUP as Setup | undefined
if (only) {
  console.log(`ROWS ${JSON.stringify(await measure(only))}`)
  process.exit(0)
}

if (!build()) throw new Error('could not build dist/')
const rows: Row[] = []
for (const setup of SETUPS) {
  const child = spawnSync(
    process.execPath,
    process.execArgv.concat(fileURLToPath(import.meta.url)),
    {
      env: { ...process.env, OTEL_SETUP: setup },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const line = child.stdout.split('\n').find((l) => l.startsWith('ROWS '))
  if (child.status !== 0 || !line) throw new Error(`the ${setup} run failed`)
  rows.push(...(JSON.parse(line.slice(5)) as Row[]))
}
rows.sort((a, b) => String(b.scenario).localeCompare(String(a.scenario)))

writeResult(
  'otel',
  [
    {
      title: `shared-call/otel on the plain path: ${CALLERS} concurrent callers × ${ROUNDS} rounds, median of ${SAMPLES} samples (after ${WARMUP} warm-up), CPU time`,
      rows,
      note: 'off: an instance nobody instrumented, in the same process. on ÷ off: the median of per-sample ratios. api: no SDK; metrics: the SDK MeterProvider and AsyncLocalStorage context; traces: also the SDK tracer, every flight a sampled root span.',
    },
  ],
  { params: { callers: CALLERS, rounds: ROUNDS, samples: SAMPLES, warmup: WARMUP }, target: 1.3 },
)
