// A throwaway PostgreSQL: initdb in a temp dir, pg_ctl start on a free port on
// 127.0.0.1, stopped and deleted afterwards (also when the benchmark fails).
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, postgresBinDirs, requireBinary } from './system'

export interface Postgres {
  port: number
  user: string
  stop: () => void
}

// initdb refuses to run as root; Debian's package creates the `postgres` user.
const asUser = (command: string, args: string[]) => {
  if (process.getuid?.() !== 0) return { command, args }
  return { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] }
}

const run = (command: string, args: string[]) => {
  const call = asUser(command, args)
  execFileSync(call.command, call.args, { stdio: ['ignore', 'ignore', 'inherit'] })
}

export const startPostgres = async ({ maxConnections = 200 } = {}): Promise<Postgres> => {
  const initdb = requireBinary('initdb', 'postgresql', postgresBinDirs())
  const pgCtl = requireBinary('pg_ctl', 'postgresql', postgresBinDirs())
  const dir = mkdtempSync(join(tmpdir(), 'shared-call-pg-'))
  // The postgres user must be able to write its data dir.
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  const port = await freePort()
  const user = process.getuid?.() === 0 ? 'postgres' : (process.env.USER ?? 'postgres')
  let started = false
  const stop = () => {
    if (started) {
      try {
        run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } catch {
        // Already gone: nothing to stop.
      }
      started = false
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    run(initdb, ['-D', data, '-A', 'trust', '-U', user, '--no-sync'])
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -c max_connections=${maxConnections} -c unix_socket_directories=${dir} -c fsync=off`
    run(pgCtl, ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start'])
    started = true
  } catch (error) {
    stop()
    throw error
  }
  return { port, user, stop }
}
