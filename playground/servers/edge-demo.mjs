// Starts the edge demo's Node server as a child process on a free port of
// 127.0.0.1, for `npm run demo` and the browser tests. One process (node with
// tsx loaded in it, not the tsx CLI, which would add a second), so stopping
// it is one signal.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const READY = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/

/**
 * @param {{ entry?: string, env?: Record<string, string> }} [options]
 * @returns {Promise<{ url: string, exited: Promise<number | null>, stop: () => Promise<void> }>}
 */
export const startEdgeDemo = ({ entry = 'edge-demo/node.ts', env = {} } = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: root,
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const exited = new Promise((done) => child.once('exit', (code) => done(code)))
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
    child.once('error', reject)
    child.once('exit', (code, signal) =>
      reject(new Error(`the edge demo (${entry}) exited before it listened: ${signal ?? code}`)),
    )
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      const ready = READY.exec(line)
      if (ready) resolve({ url: ready[1], exited, stop })
      // Anything else it prints is the server's own log: pass it on.
      else console.log(`[edge-demo] ${line}`)
    })
  })
