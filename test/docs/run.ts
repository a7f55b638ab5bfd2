import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { root } from './blocks'

const runner = fileURLToPath(new URL('./run-snippet.mjs', import.meta.url))

/**
 * Node, also when the tests themselves run on Bun or Deno (scripts/runtimes.mjs):
 * the docs say their blocks run on Node, and what they print is Node's
 * console.log (Bun spreads an object over several lines).
 */
const node = process.versions.bun || process.versions.deno ? 'node' : process.execPath

export interface RunResult {
  ok: boolean
  /** What the block printed, stdout and stderr together, and why it failed. */
  output: string
  /** What it printed on stdout alone. */
  stdout: string
}

/**
 * Runs a module in a Node process of its own (with tsx and the blocks'
 * `tsconfig`, so `shared-call/*` resolve to src/ and JSX compiles as in the
 * repository), and says whether it finished without an error within `timeoutMs`.
 */
export const runModule = (
  file: string,
  { tsconfig, timeoutMs }: { tsconfig?: string; timeoutMs: number },
): Promise<RunResult> =>
  new Promise((resolve) => {
    const child = spawn(node, ['--import', 'tsx', runner, file], {
      cwd: root,
      env: {
        ...process.env,
        ...(tsconfig && { TSX_TSCONFIG_PATH: tsconfig }),
        NODE_ENV: 'production',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    let stdout = ''
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
    }
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      collect(chunk)
    })
    child.stderr.on('data', collect)
    // Bounds a block that never finishes (an await on something absent), not a wait for one.
    const timer = setTimeout(() => {
      output += `\n(still running after ${timeoutMs} ms: stopped)`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ ok: code === 0, output: output.trim(), stdout })
    })
  })
