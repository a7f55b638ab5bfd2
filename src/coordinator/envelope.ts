// What a leader publishes: one byte that says value or error, then the value
// as the codec encodes it, or the error as JSON of its plain fields. Errors
// do not go through the codec: a codec made for one kind of value (a
// response snapshot, say) need not carry errors, and these few strings and
// numbers always fit in JSON.
import type { Codec } from './types'

/** How a flight ended, as its callers see it. */
export type Outcome<T = unknown> = { ok: true; value: T } | { ok: false; error: unknown }

const VALUE = 0
const ERROR = 1

/** The fields of an error that travel, besides `name` and `message`, when they hold a string or a number. */
const FIELDS = ['code', 'status', 'statusCode'] as const

const BUILT_IN: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
}

interface ErrorRecord {
  name: string
  message: string
  code?: string | number
  status?: string | number
  statusCode?: string | number
  cause?: { name: string; message: string }
}

const tagged = (tag: number, body: Uint8Array) => {
  const bytes = new Uint8Array(body.length + 1)
  bytes[0] = tag
  bytes.set(body, 1)
  return bytes
}

const isCarried = (value: unknown): value is string | number =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))

/** `value` as published bytes; throws what the codec throws. */
export const encodeValue = (codec: Codec, value: unknown): Uint8Array =>
  tagged(VALUE, codec.encode(value))

/**
 * `error` as published bytes, or undefined for what is not shared: only
 * `Error`s travel (a thrown string or object has no name nor message to
 * rebuild); an `AbortError` says this process gave up (its request was
 * aborted), not that the work failed, so another process should run it;
 * and one whose fields cannot even be read stays local.
 */
export const encodeError = (error: unknown): Uint8Array | undefined => {
  if (!(error instanceof Error) || error.name === 'AbortError') return undefined
  try {
    const record: ErrorRecord = { name: String(error.name), message: String(error.message) }
    for (const field of FIELDS) {
      const value = (error as unknown as Record<string, unknown>)[field]
      if (isCarried(value)) record[field] = value
    }
    if (error.cause instanceof Error) {
      record.cause = { name: String(error.cause.name), message: String(error.cause.message) }
    }
    return tagged(ERROR, new TextEncoder().encode(JSON.stringify(record)))
  } catch {
    return undefined
  }
}

const rebuild = ({ name, message }: { name: string; message: string }, cause?: Error): Error => {
  const Kind = Object.hasOwn(BUILT_IN, name) ? BUILT_IN[name]! : Error
  const error = cause ? new Kind(message, { cause }) : new Kind(message)
  if (error.name !== name) error.name = name
  return error
}

const isNamed = (value: unknown): value is { name: string; message: string } =>
  typeof (value as ErrorRecord)?.name === 'string' &&
  typeof (value as ErrorRecord)?.message === 'string'

/** The error a record describes, rebuilt here; undefined for anything else. */
const readError = (body: Uint8Array): Error | undefined => {
  const record = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as unknown
  if (!isNamed(record)) return undefined
  const { cause } = record as ErrorRecord
  if (cause !== undefined && !isNamed(cause)) return undefined
  const error = rebuild(record, cause && rebuild(cause))
  for (const field of FIELDS) {
    const value = (record as ErrorRecord)[field]
    if (isCarried(value)) Object.assign(error, { [field]: value })
  }
  return error
}

/**
 * The outcome published bytes carry, or undefined when they cannot be read
 * (a codec that throws, bytes from another version or a foreign writer):
 * the caller then runs the work itself rather than fail with an error the
 * work never raised.
 */
export const decodeOutcome = (codec: Codec, bytes: Uint8Array): Outcome | undefined => {
  try {
    const body = bytes.subarray(1)
    if (bytes[0] === VALUE) return { ok: true, value: codec.decode(body) }
    const error = bytes[0] === ERROR ? readError(body) : undefined
    return error && { ok: false, error }
  } catch {
    return undefined
  }
}
