// Draws finished spans as a text waterfall, one trace after another, each
// span indented under its parent, its bar placed on one shared time axis:
// the trace picture in docs/observability.md is drawn from a real run.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'

const ms = ([seconds, nanos]: [number, number]) => seconds * 1e3 + nanos / 1e6

export const waterfall = (spans: ReadableSpan[], width = 40): string => {
  const start = Math.min(...spans.map((s) => ms(s.startTime)))
  const end = Math.max(...spans.map((s) => ms(s.endTime)))
  const scale = width / Math.max(end - start, 1)
  const ids = new Map(spans.map((s, i) => [s.spanContext().spanId, `#${i + 1}`]))
  const children = (parent: string | undefined) =>
    spans
      .filter((s) => s.parentSpanContext?.spanId === parent || (!parent && !s.parentSpanContext))
      .sort((a, b) => ms(a.startTime) - ms(b.startTime))
  const lines: string[] = []
  const draw = (span: ReadableSpan, depth: number) => {
    const from = Math.round((ms(span.startTime) - start) * scale)
    const to = Math.max(from + 1, Math.round((ms(span.endTime) - start) * scale))
    const bar = `${' '.repeat(from)}${'█'.repeat(to - from)}`.padEnd(width)
    const role = span.attributes['shared_call.role']
    const links = span.links.map((link) => ids.get(link.context.spanId)).filter(Boolean)
    const label = `${'  '.repeat(depth)}${ids.get(span.spanContext().spanId)} ${span.name}`
    const notes = [role && `role=${role}`, links.length && `link → ${links.join(', ')}`]
    lines.push(`${label.padEnd(34)} ${bar} ${notes.filter(Boolean).join('  ')}`.trimEnd())
    for (const child of children(span.spanContext().spanId)) draw(child, depth + 1)
  }
  for (const root of children(undefined)) draw(root, 0)
  return lines.join('\n')
}
