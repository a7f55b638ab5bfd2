/**
 * A response read into memory, as plain data that a coordinator's codec
 * (JSON, which carries bytes as base64) takes to other isolates and processes
 * unchanged. Each waiting request builds its own `Response` from it.
 */
export interface Snapshot {
  status: number
  statusText: string
  headers: [name: string, value: string][]
  body: Uint8Array | null
}

/** The response header that says what happened: `leader`, `follower` or `pass`. */
export const HEADER = 'x-shared-call'

/** Header values that make a response private to one client or a stream. */
const UNSHAREABLE = /private|no-store|text\/event-stream|chunked/i

/**
 * Whether a response must go to the leader only: it is private to one client
 * (`Set-Cookie`, `Cache-Control: private` or `no-store`), it streams
 * (`text/event-stream`, chunked) or it says it is larger than `max` bytes.
 */
export const isUnshareable = (res: Response, max: number): boolean => {
  const headers = res.headers
  const get = (name: string) => headers.get(name)
  return (
    headers.has('set-cookie') ||
    UNSHAREABLE.test(
      `${get('cache-control')} ${get('content-type')} ${get('transfer-encoding')}`,
    ) ||
    Number(get('content-length')) > max
  )
}

/**
 * Reads the response into a snapshot. Past `max` bytes of body it stops and
 * returns the response as it was instead (what was read, then the rest,
 * streamed), for the leader alone: a large or endless body is never
 * buffered whole, and no copy of the stream (a tee) is made up front.
 */
export const readSnapshot = async (res: Response, max: number): Promise<Snapshot | Response> => {
  const { status, statusText, headers } = res
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = res.body?.getReader()
  while (reader) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.length
    if (size > max) {
      const rest = new ReadableStream<Uint8Array>({
        start: (controller) => {
          for (const chunk of chunks) controller.enqueue(chunk)
        },
        pull: async (controller) => {
          const next = await reader.read()
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        },
        cancel: (reason) => reader.cancel(reason),
      })
      return new Response(rest, res)
    }
  }
  const body = size ? new Uint8Array(size) : null
  size = 0
  for (const chunk of chunks) {
    body!.set(chunk, size)
    size += chunk.length
  }
  return { status, statusText, headers: [...headers], body }
}

/**
 * A fresh `Response` for one request, marked with its role. On Workers a
 * `Response` or stream from one request cannot be used in another, so each
 * request gets its own, built from the snapshot.
 */
export const toResponse = (
  { status, statusText, headers, body }: Snapshot,
  role: string,
): Response => {
  // The role goes in with the rest: @hono/node-server's Response drops headers set later.
  return new Response(body as Uint8Array<ArrayBuffer> | null, {
    status,
    statusText,
    headers: [...headers, [HEADER, role]],
  })
}
