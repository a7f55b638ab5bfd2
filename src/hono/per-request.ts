import type { Context } from 'hono'
import type { Snapshot } from './snapshot'

// Middleware that runs before sharedCall() gives each request values of its
// own: a request id, a CSP nonce (secureHeaders), a user id. A response that
// embeds one of them (a nonce in a <script> tag) is that request's alone: a
// follower whose value differs must not get it.

/** The shortest value looked for in a response: shorter ones turn up by chance. */
const MIN_LENGTH = 8

/** A value this request got before the middleware ran: set with `c.set(name)`, or a response header. */
export type PerRequest = [from: 'var' | 'header', name: string, value: string]

/** Values of this request worth looking for: `c.var` strings and the response headers already set. */
export const perRequestValues = (c: Context, preset: [string, string][]): PerRequest[] => {
  const values: PerRequest[] = []
  for (const [name, value] of Object.entries(c.var)) {
    if (typeof value === 'string' && value.length >= MIN_LENGTH) values.push(['var', name, value])
  }
  for (const [name, value] of preset) {
    if (value.length >= MIN_LENGTH) values.push(['header', name, value])
  }
  return values
}

const ENCODINGS: Record<string, CompressionFormat> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
}

/** The body and headers as text, or undefined when the body is encoded in a way this can't read. */
const textOf = async ({ headers, body }: Snapshot): Promise<string | undefined> => {
  const head = headers.map(([, value]) => value).join('\n')
  const encoding = headers
    .find(([name]) => name === 'content-encoding')?.[1]
    .trim()
    .toLowerCase()
  if (!body) return head
  if (encoding === undefined || encoding === 'identity') {
    return `${head}\n${new TextDecoder().decode(body)}`
  }
  const format = ENCODINGS[encoding]
  if (!format) return
  try {
    const stream = new Response(body as Uint8Array<ArrayBuffer>).body!
    return `${head}\n${await new Response(stream.pipeThrough(new DecompressionStream(format))).text()}`
  } catch {
    return
  }
}

/**
 * Which of `values` the response carries, in its headers or body. A body
 * in an encoding this can't read (br, zstd) counts as carrying them all.
 */
export const embeddedValues = async (
  snapshot: Snapshot,
  values: PerRequest[],
): Promise<PerRequest[]> => {
  if (!values.length) return values
  const text = await textOf(snapshot)
  return text === undefined ? values : values.filter(([, , value]) => text.includes(value))
}

/** Whether this request has the very values the shared response embeds. */
export const hasValues = (
  c: Context,
  preset: [string, string][],
  embedded: readonly PerRequest[],
): boolean =>
  embedded.every(([from, name, value]) =>
    from === 'var'
      ? (c.get as (name: string) => unknown)(name) === value
      : preset.some(([own, ownValue]) => own === name && ownValue === value),
  )
