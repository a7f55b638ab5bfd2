import type { Context } from 'hono'
import { readSnapshot, type Snapshot } from './snapshot'

// Middleware that runs before sharedCall() gives each request values of its
// own: a request id, a CSP nonce (secureHeaders), a session with its CSRF
// token. A response that embeds one of them (a nonce in a <script> tag) is
// that request's alone: a follower whose value differs must not get it.
//
// Only values the server made count. One the client sent (its X-Request-Id,
// a query value) is its own choice: were it to count, any client could send
// a word of the page (or a UUID from it: length proves nothing to someone
// who reads the page) and make every follower run the handler, at will.

/** The shortest value looked for in a response: shorter ones turn up by chance. */
const MIN_LENGTH = 8

/**
 * How many values of `c.var` (strings, objects and what they hold) are
 * looked at, in all, and how deep inside one: the walk is bounded whatever
 * a middleware keeps there (a database client, a 10 000-key object).
 */
const MAX_NODES = 200
const MAX_DEPTH = 4

/**
 * A value this request got before the middleware ran: a response header
 * (`path`: its name), or a string in `c.var` (`path`: the name and the keys
 * that lead to it, `['session', 'data', 'csrf']`).
 */
export type PerRequest = [from: 'var' | 'header', path: string[], value: string]

/**
 * Values of this request worth looking for: the strings in `c.var`, also
 * inside objects and arrays, and the response headers already set; none that
 * the request itself carries (its URL or a part of it, a query or header
 * value, as sent).
 */
export const perRequestValues = (c: Context, preset: [string, string][]): PerRequest[] => {
  const { headers, url } = c.req.raw
  const { host, pathname, search, searchParams } = new URL(url)
  const sent = new Set([url, host, pathname, search, ...searchParams.values(), ...headers.values()])
  const values: PerRequest[] = []
  const look = (from: PerRequest[0], path: string[], value: unknown) => {
    if (typeof value === 'string' && value.length >= MIN_LENGTH && !sent.has(value)) {
      values.push([from, path, value])
    }
  }
  for (const [name, value] of preset) look('header', [name], value)
  const queue = Object.entries(c.var).map(([name, value]): [string[], unknown] => [[name], value])
  for (let i = 0; i < queue.length && i < MAX_NODES; i++) {
    const [path, value] = queue[i]!
    look('var', path, value)
    if (!value || typeof value !== 'object' || path.length > MAX_DEPTH) continue
    try {
      for (const key in value) {
        if (queue.length >= MAX_NODES) break
        queue.push([[...path, key], (value as Record<string, unknown>)[key]])
      }
    } catch {
      // A getter or proxy that throws: what it would have given is not looked for.
    }
  }
  return values
}

const ENCODINGS: Record<string, CompressionFormat> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
}

/**
 * The body and headers as text, or undefined when the body is encoded in a
 * way this can't read, or inflates to more than `max` bytes (it stops
 * there: a small gzip body can inflate to gigabytes).
 */
const textOf = async ({ headers, body }: Snapshot, max: number): Promise<string | undefined> => {
  const head = headers.map(([, value]) => value).join('\n')
  const encoding = headers
    .find(([name]) => name === 'content-encoding')?.[1]
    .trim()
    .toLowerCase()
  if (!body) return head
  let bytes: Uint8Array | null = body
  if (encoding !== undefined && encoding !== 'identity') {
    const format = ENCODINGS[encoding]
    if (!format) return
    try {
      const stream = new Response(body as Uint8Array<ArrayBuffer>).body!
      const inflated = await readSnapshot(
        new Response(stream.pipeThrough(new DecompressionStream(format))),
        max,
      )
      if (inflated instanceof Response) {
        inflated.body?.cancel().catch(() => {})
        return
      }
      bytes = inflated.body
    } catch {
      return
    }
  }
  return `${head}\n${new TextDecoder().decode(bytes ?? undefined)}`
}

/**
 * Which of `values` the response carries, in its headers or body. A body
 * in an encoding this can't read (br, zstd), or that inflates past `max`
 * bytes, counts as carrying them all.
 */
export const embeddedValues = async (
  snapshot: Snapshot,
  values: PerRequest[],
  max: number,
): Promise<PerRequest[]> => {
  if (!values.length) return values
  const text = await textOf(snapshot, max)
  return text === undefined ? values : values.filter(([, , value]) => text.includes(value))
}

/** This request's value at `path` in `c.var`, or undefined. */
const valueAt = (c: Context, [name, ...keys]: string[]): unknown => {
  try {
    let value = (c.get as (name: string) => unknown)(name!)
    for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key]
    return value
  } catch {
    return undefined
  }
}

/** Whether this request has the very values the shared response embeds. */
export const hasValues = (
  c: Context,
  preset: [string, string][],
  embedded: readonly PerRequest[],
): boolean =>
  embedded.every(([from, path, value]) =>
    from === 'var'
      ? valueAt(c, path) === value
      : preset.some(([own, ownValue]) => own === path[0] && ownValue === value),
  )
