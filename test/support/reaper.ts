// Processes a test starts (fleet members, redis-servers) must never outlive
// it, even when the test runner dies without cleaning up (SIGKILL, a crash,
// Ctrl-C): a SIGSTOPped member cannot even notice that its parent is gone,
// and would stay stopped forever. So a small watchdog, in a process group of
// its own (a Ctrl-C to the runner's group leaves it standing), holds a pipe
// from the runner; when the pipe closes, however the runner ended, it
// SIGKILLs every process still registered (SIGKILL ends a stopped one too).
import { type ChildProcess, spawn } from 'node:child_process'

const WATCHDOG = `
const pids = new Set()
let pending = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => {
  pending += chunk
  for (let end; (end = pending.indexOf('\\n')) >= 0; pending = pending.slice(end + 1)) {
    const line = pending.slice(0, end)
    if (line[0] === '+') pids.add(Number(line.slice(1)))
    else pids.delete(Number(line.slice(1)))
  }
})
process.stdin.on('close', () => {
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL') } catch {}
  }
  process.exit(0)
})
`

let watchdog: ChildProcess | undefined

const started = () => {
  if (watchdog) return watchdog
  const child = spawn(process.execPath, ['-e', WATCHDOG], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  // Neither the watchdog nor its pipe keeps the runner alive.
  child.unref()
  ;(child.stdin as unknown as { unref(): void }).unref()
  child.stdin!.on('error', () => {}) // a watchdog that died has nothing left to do

  watchdog = child
  return child
}

/**
 * Registers `child` with the watchdog until it exits: if the runner dies
 * first, the watchdog kills it.
 */
export const reapOnExit = (child: ChildProcess): void => {
  const { pid } = child
  if (pid === undefined) return
  const stdin = started().stdin!
  stdin.write(`+${pid}\n`)
  child.once('exit', () => stdin.write(`-${pid}\n`))
}
