import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Deferred, deferred } from '../support/deferred'

/** What the server saw of one request. */
export interface Seen {
  method: string
  path: string
  headers: IncomingMessage['headers']
  /** Resolves true when the client went away before the response was sent. */
  aborted: Promise<boolean>
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/**
 * A real HTTP server on 127.0.0.1 with a free port. Every request is recorded,
 * and answered only when the test opens `gate`, so callers are truly concurrent.
 */
export const startServer = async (handler: Handler) => {
  const seen: Seen[] = []
  let gate: Deferred<void> = deferred()
  let arrived = deferred()
  const server = createServer(async (req, res) => {
    const aborted = deferred<boolean>()
    res.on('close', () => aborted.resolve(!res.writableFinished))
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      aborted: aborted.promise,
    })
    arrived.resolve()
    await gate.promise
    if (!res.destroyed) await handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    seen,
    /** Lets every waiting and future request be answered. */
    open: () => gate.resolve(),
    /** Resolves when at least one request has reached the server. */
    arrived: () => arrived.promise,
    reset: () => {
      seen.length = 0
      gate = deferred()
      arrived = deferred()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
