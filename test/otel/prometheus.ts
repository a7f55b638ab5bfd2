// The Prometheus exporter behind a real HTTP server on 127.0.0.1, and a
// scrape that reads its text format back: what Prometheus (and a Grafana
// dashboard over it) would see.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus'
import { MeterProvider } from '@opentelemetry/sdk-metrics'

/** One sample line: `name{label="value",...} number`. */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** Reads Prometheus's text exposition format (samples only; comments skipped). */
export const parseSamples = (text: string): Sample[] =>
  text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line)
      if (!match) throw new Error(`not a sample line: ${line}`)
      const labels: Record<string, string> = {}
      for (const [, name, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
        labels[name!] = value!
      return { name: match[1]!, labels, value: Number(match[3]) }
    })

/** The sum of the samples named `name` whose labels include `match`. */
export const sampled = (samples: Sample[], name: string, match: Record<string, string> = {}) =>
  samples
    .filter(
      (s) => s.name === name && Object.entries(match).every(([label, v]) => s.labels[label] === v),
    )
    .reduce((sum, s) => sum + s.value, 0)

/** A MeterProvider whose metrics are served at `<url>/metrics` on 127.0.0.1, and `scrape()`. */
export const startPrometheus = async () => {
  const exporter = new PrometheusExporter({ preventServerStart: true })
  const provider = new MeterProvider({ readers: [exporter] })
  const server = createServer((request, response) => {
    if (request.url === '/metrics') exporter.getMetricsRequestHandler(request, response)
    else response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    provider,
    url,
    /** GET /metrics, as Prometheus does: the text, and its samples. */
    scrape: async () => {
      const response = await fetch(`${url}/metrics`)
      if (response.status !== 200) throw new Error(`scrape answered ${response.status}`)
      const text = await response.text()
      return { text, samples: parseSamples(text) }
    },
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await provider.shutdown()
    },
  }
}
