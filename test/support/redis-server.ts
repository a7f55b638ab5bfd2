// A throwaway redis-server on 127.0.0.1, in a temp dir, without persistence.
// Shared by the fleet tests (test/redis) and the benchmarks (bench/). Ready
// when it logs so, not after a delay; stopped by `stop()`, also on failure.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, requireBinary } from '../../bench/lib/system'

export interface Redis {
  port: number
  /** `redis://127.0.0.1:<port>` */
  url: string
  /** Stops the server (SIGTERM) and removes its temp dir; resolves when it has exited. */
  stop: () => Promise<void>
}

/** Starts redis-server on `port` (a free one by default): pass the old port to restart it. */
export const startRedis = async ({ port }: { port?: number } = {}): Promise<Redis> => {
  const binary = requireBinary('redis-server', 'redis-server')
  const chosen = port ?? (await freePort())
  const dir = mkdtempSync(join(tmpdir(), 'shared-call-redis-'))
  const child = spawn(
    binary,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(chosen),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  const ready = await new Promise<boolean>((resolve) => {
    let log = ''
    const read = (chunk: Buffer) => {
      log += chunk.toString()
      if (!log.includes('Ready to accept connections')) return
      child.stdout.off('data', read)
      resolve(true)
    }
    child.stdout.on('data', read)
    child.once('exit', () => resolve(false))
    child.once('error', () => resolve(false))
  })
  if (!ready) {
    await stop()
    throw new Error(`redis-server did not start on 127.0.0.1:${chosen}`)
  }
  child.stdout.resume()
  return { port: chosen, url: `redis://127.0.0.1:${chosen}`, stop }
}
