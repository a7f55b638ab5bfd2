import type { MeterProvider, TracerProvider } from '@opentelemetry/api'
import type { SharedCall } from 'shared-call'
import { check, checkKey, checkObject } from '../core/check'

/** Options of `instrumentSharedCall`. */
export interface InstrumentOptions {
  /**
   * Where the metrics go. Default: the global one, as the SDK sets it
   * (`NodeSDK`, `metrics.setGlobalMeterProvider`): instrument after the SDK
   * has started, since OpenTelemetry's metrics API hands out no-op meters
   * before that.
   */
  meterProvider?: MeterProvider
  /** Where the spans go. Default: the global one, also when the SDK registers it later. */
  tracerProvider?: TracerProvider
  /**
   * The value of the `shared_call.namespace` attribute: give the instance's
   * own `namespace`, so that two apps (or two instances) tell apart in one
   * dashboard. Default `"shared-call"`, the default namespace of `SharedCall`.
   */
  namespace?: string
  /**
   * Puts each call's key on metrics and spans (`shared_call.key`). Off by
   * default: keys often carry user ids, and each key is a series of its own
   * (at most 2000, then counted together as `otel.metric.overflow`).
   */
  recordKey?: boolean
}

const KNOWN = ['meterProvider', 'tracerProvider', 'namespace', 'recordKey']

/** Fails unless `shared` is a `SharedCall`. */
export const checkShared = (shared: unknown, what: string): SharedCall =>
  check(
    typeof (shared as SharedCall | undefined)?.join === 'function',
    what,
    'a SharedCall (new SharedCall(), or defaultSharedCall)',
    shared as SharedCall,
  )

/** Validates the options of `instrumentSharedCall`, with defaults filled in. */
export const resolveOptions = (options: InstrumentOptions = {}) => {
  checkObject(options, 'instrumentSharedCall(shared, options): options')
  for (const name of Object.keys(options)) {
    check(
      KNOWN.includes(name),
      `instrumentSharedCall option "${name}"`,
      `one of ${KNOWN.join(', ')}`,
      name,
    )
  }
  const { meterProvider, tracerProvider, namespace = 'shared-call', recordKey = false } = options
  check(
    meterProvider === undefined || typeof meterProvider?.getMeter === 'function',
    'meterProvider',
    'a MeterProvider (with getMeter)',
    meterProvider,
  )
  check(
    tracerProvider === undefined || typeof tracerProvider?.getTracer === 'function',
    'tracerProvider',
    'a TracerProvider (with getTracer)',
    tracerProvider,
  )
  check(typeof recordKey === 'boolean', 'recordKey', 'a boolean', recordKey)
  return { meterProvider, tracerProvider, namespace: checkKey(namespace, 'namespace'), recordKey }
}
