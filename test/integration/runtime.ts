import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

/** The four runtimes the edge demo runs on. */
export type Runtime = 'workerd' | 'deno' | 'node' | 'bun'

/** A running edge demo: its base URL and how to stop it. */
export interface RunningDemo {
  url: string
  stop(): Promise<void>
}

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = (name: string) => `${root}node_modules/.bin/${name}`

/** A port nobody listens on right now, found by letting the OS pick one. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

/** The command that starts the demo on `runtime`, and the stdout line that says it is ready. */
const commandFor = async (
  runtime: Runtime,
  config = 'edge-demo/wrangler.toml',
  vars: Record<string, string> = {},
): Promise<[string, string[], RegExp]> => {
  const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/
  switch (runtime) {
    case 'node':
      return [bin('tsx'), ['edge-demo/node.ts'], listening]
    case 'bun':
      return [bin('bun'), ['run', 'edge-demo/bun.ts'], listening]
    case 'deno':
      return [
        bin('deno'),
        [
          'run',
          '--allow-net',
          '--allow-env',
          '--no-lock',
          '--config',
          'edge-demo/deno.json',
        ].concat('edge-demo/deno.ts'),
        listening,
      ]
    case 'workerd': {
      // wrangler cannot pick a free port and report it, so pick two (HTTP and inspector) here.
      const [port, inspector] = [await freePort(), await freePort()]
      return [
        bin('wrangler'),
        ['dev', '--config', config, '--ip', '127.0.0.1', '--port', String(port)]
          .concat('--inspector-port', String(inspector), '--show-interactive-dev-session=false')
          .concat('--log-level', 'info')
          // The environment of the other runtimes, as Worker vars.
          .concat(Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`])),
        /Ready on (http:\/\/127\.0\.0\.1:\d+)/,
      ]
    }
  }
}

/** Stops the whole process group (wrangler runs workerd as a child), and waits for it. */
const stopGroup = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    // A server that ignores SIGTERM is killed; this timer only bounds the cleanup.
    const force = setTimeout(() => kill(child, 'SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    kill(child, 'SIGTERM')
  })

const kill = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal)
  } catch {
    // The group is gone already.
  }
}

/**
 * Starts `edge-demo/` on `runtime` with a free port, and resolves once the
 * runtime printed its ready line. Rejects with the output if it exits first.
 * On workerd, `wranglerConfig` runs another Worker (a test fixture) instead.
 * `vars` are its environment (Worker vars on workerd).
 */
export const startDemo = async (
  runtime: Runtime,
  wranglerConfig?: string,
  vars: Record<string, string> = {},
): Promise<RunningDemo> => {
  const [command, args, ready] = await commandFor(runtime, wranglerConfig, vars)
  const child = spawn(command, args, {
    cwd: root,
    detached: true, // its own process group, so stop() reaches every child
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...vars, PORT: '0', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  })
  const stop = () => stopGroup(child)
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const match = ready.exec(output)
      if (match) resolve(match[1]!)
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', (code, signal) =>
      reject(new Error(`${runtime} exited (${code ?? signal}) before it was ready:\n${output}`)),
    )
  }).catch(async (error) => {
    await stop()
    throw error
  })
  return { url, stop }
}
