/**
 * A response read into memory: its bytes and the response they came from
 * (for status and headers only; its body has been read). Each waiting request
 * builds its own `Response` from it.
 */
export type Snapshot = [body: Uint8Array<ArrayBuffer> | null, res: Response]

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
 * Reads the body into bytes, giving up (`undefined`) past `max` of them, so a
 * large or endless stream is never buffered whole.
 */
export const readBody = async (
  res: Response,
  max: number,
): Promise<Uint8Array<ArrayBuffer> | null | undefined> => {
  if (!res.body) return null
  const reader = res.body.getReader()
  const chunks: Uint8Array<ArrayBuffer>[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return new Uint8Array(await new Blob(chunks).arrayBuffer())
    chunks.push(value as Uint8Array<ArrayBuffer>)
    size += value.byteLength
    if (size > max) return void reader.cancel()
  }
}

/**
 * A fresh `Response` for one request, marked with its role. On Workers a
 * `Response` or stream from one request cannot be used in another, so each
 * request gets its own, built from the shared bytes (the constructor copies
 * them, and copies the headers into a new `Headers`).
 */
export const toResponse = ([body, res]: Snapshot, role: string): Response => {
  const response = new Response(body?.byteLength ? body : null, res)
  response.headers.set('x-shared-call', role)
  return response
}
