// Runs one docs block as a module (node --import tsx run-snippet.mjs <file>):
// exits 0 once the module and its top-level awaits have finished without
// an error, and once a rejection nobody handled would have surfaced; 1 with
// the error otherwise. Servers or timers the block leaves behind do not keep
// it running.
import { pathToFileURL } from 'node:url'

const [file] = process.argv.slice(2)
let finished = false
process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection:', reason)
  process.exit(1)
})
process.on('exit', (code) => {
  // Node ends with 13 when a top-level await can never settle: say so in words.
  if (!finished && code !== 1) {
    console.error(`the module never finished: a top-level await waits for nothing (exit ${code})`)
  }
})
try {
  await import(pathToFileURL(file).href)
  // One macrotask: a promise the block left rejected is reported by then.
  await new Promise((resolve) => setTimeout(resolve, 0))
  finished = true
  process.exit(0)
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
}
