// Starts the Node entry of edge-demo on a free port and stops it afterwards.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface EdgeDemo {
  origin: string
  stop: () => Promise<void>
}

export const startEdgeDemo = (root: string, upstreamDelayMs: number) =>
  new Promise<EdgeDemo>((resolve, reject) => {
    const entry = join(root, 'edge-demo', 'node.ts')
    if (!existsSync(entry)) {
      reject(new Error(`${entry} not found: the HTTP benchmark needs the edge demo's Node entry`))
      return
    }
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: root,
      env: { ...process.env, PORT: '0', UPSTREAM_DELAY_MS: String(upstreamDelayMs) },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      // A server that waits on open keep-alive sockets must not hang the run.
      const force = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(force)
    }
    const timer = setTimeout(() => {
      void stop()
      reject(
        new Error('edge-demo did not print "listening on http://127.0.0.1:<port>" within 30 s'),
      )
    }, 30_000)
    let output = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        child.stdout.resume()
        resolve({ origin: match[1] as string, stop })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`edge-demo exited with ${code} before listening:\n${output}`))
    })
  })
