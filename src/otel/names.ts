// What `shared-call/otel` emits, named in OpenTelemetry's semantic-convention
// style: a `shared_call` namespace, dots between levels, units in UCUM
// (`s`, `{call}`), no `total` suffix (a Prometheus exporter adds `_total`).
// docs/observability.md lists each with its Prometheus name.

/** Counter, `{call}`: calls of `run`/`join`, each counted once, by `shared_call.role`. */
export const METRIC_CALLS = 'shared_call.calls'
/** Counter, `{flight}`: flights that failed (the work threw or rejected, or timed out), by `error.type`. */
export const METRIC_ERRORS = 'shared_call.errors'
/** UpDownCounter, `{flight}`: flights running now. */
export const METRIC_ACTIVE_FLIGHTS = 'shared_call.active_flights'
/** Histogram, `s`: from a flight's start to its end, by role and outcome. */
export const METRIC_FLIGHT_DURATION = 'shared_call.flight.duration'
/** Counter, `{takeover}`: flights this process led after their leader vanished. */
export const METRIC_TAKEOVERS = 'shared_call.coordinator.takeovers'
/** Counter, `{fallback}`: flights this process ran itself because the coordinator failed. */
export const METRIC_FALLBACKS = 'shared_call.coordinator.fallbacks'

/** The `namespace` of the instance (`instrumentSharedCall`'s option). */
export const ATTR_NAMESPACE = 'shared_call.namespace'
/** `leader`, `follower`, `remote` (a flight another process's leader answered) or, on calls only, `pass` (an adapter let it through unshared). */
export const ATTR_ROLE = 'shared_call.role'
/** How a flight ended: `ok`, `error`, `timeout` or `cancelled` (every caller left). */
export const ATTR_OUTCOME = 'shared_call.outcome'
/** The key, only with `recordKey: true`: keys often carry user ids. */
export const ATTR_KEY = 'shared_call.key'
/** OpenTelemetry's own attribute: the failed flight's error name (`TypeError`, `TimeoutError`). */
export const ATTR_ERROR_TYPE = 'error.type'

/** The span of a flight this process started: its work runs inside it. */
export const SPAN_RUN = 'shared-call run'
/** The span of a follower's wait, linked to the leader's `shared-call run`. */
export const SPAN_WAIT = 'shared-call wait'

/** The instrumentation scope of the meter and the tracer. */
export const SCOPE = 'shared-call'

export type Role = 'leader' | 'follower' | 'remote'
export type FlightOutcome = 'ok' | 'error' | 'timeout' | 'cancelled'
