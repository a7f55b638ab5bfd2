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
 * Reads the response into a snapshot, giving up (`undefined`) past `max`
 * bytes of body, so a large or endless stream is never buffered whole.
 */
export const readSnapshot = async (res: Response, max: number): Promise<Snapshot | undefined> => {
  const { status, statusText, headers } = res
  const chunks: Uint8Array[] = []
  let size = 0
  for (const reader = res.body?.getReader(); reader; ) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.length
    // Not awaited: the leader's copy (a tee) still holds the stream open.
    if (size > max) return void reader.cancel()
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
