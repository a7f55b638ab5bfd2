// A TCP proxy in front of redis-server for one fleet member, so a test can
// cut that member off (a network partition that drops nothing: bytes wait
// in the kernel, as in a stalled link) and heal it again, while the rest of
// the fleet still reaches Redis.
import { connect, createServer, type Server, type Socket } from 'node:net'

export interface LinkProxy {
  /** `redis://127.0.0.1:<port>`: where the member connects. */
  url: string
  /** Stops carrying bytes either way, on every connection now and later. */
  cut(): void
  /** Carries them again, the ones that waited first. */
  heal(): void
  close(): Promise<void>
}

export const startProxy = async (targetPort: number): Promise<LinkProxy> => {
  const sockets = new Set<Socket>()
  let cut = false
  const hold = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {}) // the other side's close ends it too
    if (cut) socket.pause()
  }
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      hold(from)
      from.on('data', (chunk) => to.write(chunk))
      from.on('close', () => to.destroy())
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      cut = true
      for (const socket of sockets) socket.pause()
    },
    heal() {
      cut = false
      for (const socket of sockets) socket.resume()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
