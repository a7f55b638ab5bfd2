#!/usr/bin/env node
// Runs the browser tests (the command in argv) once Chromium is known to exist,
// so a missing browser is one clear message, not a stack trace.
import { spawnSync } from 'node:child_process'
import { findChromium, installHint } from './chromium.mjs'

const chromium = findChromium()
if (!chromium) {
  console.error(installHint)
  process.exit(1)
}
const [command, ...args] = process.argv.slice(2)
const { status } = spawnSync(command, args, {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium },
})
process.exit(status ?? 1)
