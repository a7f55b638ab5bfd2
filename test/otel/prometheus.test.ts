import { SharedCall } from 'shared-call'
import { instrumentSharedCall } from 'shared-call/otel'
import { afterEach, expect, it } from 'vitest'
import { deferred } from '../support/deferred'
import { sampled, startPrometheus } from './prometheus'

let stop: (() => Promise<void>) | undefined
afterEach(async () => {
  await stop?.()
  stop = undefined
})

it('after a burst of 100 callers of one key, a scrape over HTTP reads 1 leader call and 99 follower calls', async () => {
  const prometheus = await startPrometheus()
  stop = prometheus.stop
  const shared = new SharedCall({ namespace: 'shop' })
  instrumentSharedCall(shared, { meterProvider: prometheus.provider, namespace: 'shop' })

  const gate = deferred<string>()
  const calls = Array.from({ length: 100 }, () => shared.run('product:7', () => gate.promise))
  const during = await prometheus.scrape()
  gate.resolve('product')
  await Promise.all(calls)
  const { text, samples } = await prometheus.scrape()

  const calls_ = (role: string) =>
    sampled(samples, 'shared_call_calls_total', {
      shared_call_namespace: 'shop',
      shared_call_role: role,
    })
  expect([calls_('leader'), calls_('follower'), calls_('remote')]).toEqual([1, 99, 0])
  // While it ran, one flight was active and the 99 followers were counted.
  expect(
    sampled(during.samples, 'shared_call_active_flights', { shared_call_namespace: 'shop' }),
  ).toBe(1)
  expect(sampled(during.samples, 'shared_call_calls_total', { shared_call_role: 'follower' })).toBe(
    99,
  )
  expect(sampled(samples, 'shared_call_active_flights')).toBe(0)
  // The histogram (unit s), one flight, ended well. This exporter adds no unit suffix.
  expect(
    sampled(samples, 'shared_call_flight_duration_count', {
      shared_call_role: 'leader',
      shared_call_outcome: 'ok',
    }),
  ).toBe(1)
  expect(text).toContain('# TYPE shared_call_calls_total counter')
  expect(text).toContain('# TYPE shared_call_flight_duration histogram')
  expect(text).toContain('# UNIT shared_call_flight_duration s')
  expect(text).toContain('# TYPE shared_call_active_flights gauge')
  expect(text).not.toContain('product:7')
})
