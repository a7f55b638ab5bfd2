// A throwaway redis-server on a free port on 127.0.0.1, no persistence,
// stopped afterwards (also when the benchmark fails).
import { spawn } from 'node:child_process'
import { createConnection } from 'node:net'
import { freePort, requireBinary, sleep } from './system'

export interface Redis {
  port: number
  stop: () => Promise<void>
}

export const startRedis = async (): Promise<Redis> => {
  const binary = requireBinary('redis-server', 'redis-server')
  const port = await freePort()
  const child = spawn(
    binary,
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  // Ready when it accepts a connection; bounded so a broken binary can't hang us.
  for (let attempt = 0; ; attempt++) {
    if (await canConnect(port)) return { port, stop }
    if (attempt > 100 || child.exitCode !== null) {
      await stop()
      throw new Error(`redis-server did not start on 127.0.0.1:${port}`)
    }
    await sleep(50)
  }
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
