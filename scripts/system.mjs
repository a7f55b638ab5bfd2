// What `npm test` needs from the machine, looked for before any step runs, so
// a missing package is one message with the line that installs it, seconds in,
// not a failure minutes later. Everything else (workerd, Deno, Bun, Node 22
// and 24, Next.js) comes from npm.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { findChromium } from './chromium.mjs'

/** An executable on PATH, or undefined. */
const onPath = (name) =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path))

/** True when `binary --version` runs: a binary whose libraries are missing does not. */
const runs = (binary) =>
  spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 20_000 }).status === 0

/**
 * The system dependencies, by the name steps use in `needs`: how to find each
 * and the Debian package that provides it.
 */
export const dependencies = {
  chromium: { find: findChromium, apt: 'chromium' },
  'redis-server': { find: () => onPath('redis-server'), apt: 'redis-server' },
  'redis-sentinel': { find: () => onPath('redis-sentinel'), apt: 'redis-sentinel' },
}

/**
 * Checks `names` (keys of `dependencies`), and that Node is 20 or newer and
 * `npm ci` has run. Returns the problems, each with the command that fixes it.
 */
export const checkSystem = (names, root) => {
  const problems = []
  const major = Number(process.versions.node.split('.')[0])
  if (major < 20)
    problems.push(`Node ${process.versions.node} is too old: install Node 20 or newer.`)
  if (!existsSync(join(root, 'node_modules', '.package-lock.json')))
    problems.push('The npm packages are not installed. Run:\n  npm ci')
  // The hook's tests also run on React 18, from the test/react18 workspace.
  else if (!existsSync(join(root, 'test', 'react18', 'node_modules', 'react-dom', 'package.json')))
    problems.push('React 18 (the test/react18 workspace) is not installed. Run:\n  npm ci')
  const missing = names.filter((name) => {
    const found = dependencies[name].find()
    return !found || !runs(found)
  })
  if (missing.length) {
    const sudo = process.getuid?.() === 0 ? '' : 'sudo '
    const packages = [...new Set(missing.map((name) => dependencies[name].apt))].join(' ')
    problems.push(
      `Missing: ${missing.join(', ')}. Install Debian's packages:\n  ${sudo}apt-get update && ${sudo}apt-get install -y ${packages}` +
        (missing.includes('chromium') ? '\n(or point CHROMIUM_PATH at a Chromium binary)' : ''),
    )
  }
  return problems
}
