import { trace } from '@opentelemetry/api'
import { ATTR_ROLE } from './names'

/**
 * Puts a request's role (`leader`, `follower`, `pass`) on the active span
 * as `shared_call.role`: made for the `onRole` option of `sharedCall()`
 * from `shared-call/hono`, where the active span is the request's when an
 * instrumentation made one (`@hono/otel`'s `httpInstrumentationMiddleware`,
 * registered before `sharedCall()`, with a context manager such as
 * `@opentelemetry/context-async-hooks`). Does nothing outside a span.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono'
 * import { sharedCall } from 'shared-call/hono'
 * import { roleOnActiveSpan } from 'shared-call/otel'
 *
 * const app = new Hono()
 * app.use('/api/*', sharedCall({ onRole: roleOnActiveSpan, serverTiming: true }))
 * ```
 */
export const roleOnActiveSpan = (role: string): void => {
  trace.getActiveSpan()?.setAttribute(ATTR_ROLE, role)
}
