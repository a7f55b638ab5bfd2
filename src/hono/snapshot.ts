/** A response read into memory, from which each waiting request builds its own `Response`. */
export interface Snapshot {
  status: number
  statusText: string
  headers: Headers
  body: Uint8Array<ArrayBuffer> | null
}

/**
 * Whether a response must go to the leader only: it is private to one client
 * (`Set-Cookie`, `Cache-Control: private` or `no-store`), it streams
 * (`text/event-stream`, chunked) or it says it is larger than `max` bytes.
 */
export const isUnshareable = (res: Response, max: number): boolean => {
  const headers = res.headers
  return (
    headers.has('set-cookie') ||
    /private|no-store/i.test(headers.get('cache-control') ?? '') ||
    /^text\/event-stream/i.test(headers.get('content-type') ?? '') ||
    /chunked/i.test(headers.get('transfer-encoding') ?? '') ||
    Number(headers.get('content-length')) > max
  )
}

/**
 * Reads the body into bytes, at most `max` of them. Over the limit it stops
 * and returns a stream that replays what was read and then the rest, so the
 * leader still gets its whole body.
 */
export const readBody = async (
  res: Response,
  max: number,
): Promise<Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null> => {
  if (!res.body) return null
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
    if (size > max) {
      return new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk)
        },
        async pull(controller) {
          const next = await reader.read()
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        },
        cancel: (reason) => reader.cancel(reason),
      })
    }
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/**
 * A fresh `Response` for one request. On Workers a `Response` or stream from
 * one request cannot be used in another, so each request gets its own, built
 * from the shared bytes (the `Response` constructor copies them).
 */
export const toResponse = (snapshot: Snapshot, role: string): Response => {
  const headers = new Headers(snapshot.headers)
  headers.set('x-shared-call', role)
  return new Response(snapshot.body?.byteLength ? snapshot.body : null, {
    status: snapshot.status,
    statusText: snapshot.statusText,
    headers,
  })
}
