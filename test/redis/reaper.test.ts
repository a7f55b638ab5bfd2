// No process a test started outlives the test runner: if the runner is
// SIGKILLed while a fleet member is SIGSTOPped (a stopped process cannot
// notice that its parent is gone), the reaper kills it.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const runner = fileURLToPath(new URL('./fixtures/orphaning-runner.ts', import.meta.url))

it('a SIGSTOPped member of a runner that was SIGKILLed is killed by the reaper', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', runner], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let pid: number | undefined
  try {
    const output = { text: '' }
    // the pipe ends once every process that holds it is gone: the runner and its stopped member
    const ended = new Promise<void>((resolve) => child.stdout.once('end', () => resolve()))
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output.text += chunk
        const match = /ready (\d+)\n/.exec(output.text)
        if (match) {
          pid = Number(match[1])
          resolve()
        }
      })
    })
    await ready
    child.kill('SIGKILL')
    await ended
    expect(pid).toBeGreaterThan(0)
  } finally {
    child.kill('SIGKILL')
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // gone, as it should be
      }
    }
  }
})
