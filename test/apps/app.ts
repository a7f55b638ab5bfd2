// New apps that install the packed package as a user does, built for
// production and run. An app lives in .cache/apps/<name>: its own files (a
// fixture, an example), its own package.json, and shared-call installed there
// from the registry tarball that scripts/check-install.mjs packed. Its tools
// (vite, next, react, hono, typescript) are this repository's, found up the
// tree as npm's hoisting would find them in the app's own node_modules.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { reapOnExit } from '../support/reaper'

export const root = fileURLToPath(new URL('../../', import.meta.url))
const tarball = `${root}.cache/package/shared-call.tgz`

/** The registry tarball, packed now if no step packed it before. */
const packed = () => {
  if (!existsSync(tarball)) {
    const run = spawnSync(process.execPath, [`${root}scripts/check-install.mjs`], {
      stdio: 'inherit',
    })
    if (run.status !== 0) throw new Error('scripts/check-install.mjs could not pack the package')
  }
  return tarball
}

/** A binary of this repository's node_modules. */
export const tool = (path: string) => `${root}node_modules/${path}`

/**
 * A new app in .cache/apps/`name`: the files of each folder in `from`
 * (relative to the root, later ones over earlier ones), a package.json of its
 * own, and shared-call installed from the tarball, offline.
 */
export const newApp = (name: string, from: string[]) => {
  const dir = `${root}.cache/apps/${name}`
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const folder of from) cpSync(`${root}${folder}`, dir, { recursive: true })
  writeFileSync(`${dir}/package.json`, JSON.stringify({ name, private: true, type: 'module' }))
  const install = spawnSync(
    'npm',
    ['install', packed(), '--offline', '--no-package-lock', '--no-audit', '--no-fund'],
    { cwd: dir, encoding: 'utf8' },
  )
  if (install.status !== 0) throw new Error(`npm install in ${dir} failed:\n${install.stderr}`)
  return dir
}

/** Runs a command to its end; throws with its output when it fails. Returns the output. */
export const runToEnd = (
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    reapOnExit(child)
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(output)
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`))
    })
  })

/** The environment of a production build or server: vitest's NODE_ENV=test would leak into it. */
export const productionEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  ...extra,
})

export interface Running {
  /** Everything it printed so far. */
  output: () => string
  stop: () => Promise<void>
}

/** Starts a server process; resolves once its output matches `ready`. */
export const startServer = (
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp },
): Promise<Running> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    reapOnExit(child)
    let output = ''
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const running: Running = {
      output: () => output,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
        await exited
      },
    }
    const listen = (chunk: Buffer) => {
      output += chunk
      if (options.ready.test(output)) resolve(running)
    }
    child.stdout?.on('data', listen)
    child.stderr?.on('data', listen)
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}):\n${output}`)))
  })

/** An HTTP server on 127.0.0.1 that counts the requests of each path. */
export const countingServer = async (
  handle: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>,
) => {
  const counts = new Map<string, number>()
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    counts.set(path, (counts.get(path) ?? 0) + 1)
    Promise.resolve(handle(request, response)).catch((error) => {
      response.statusCode = 500
      response.end(String(error))
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    count: (path: string) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
