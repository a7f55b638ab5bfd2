// Finding (or installing) the real servers the scenarios run against. The
// benchmarks never fall back to a mock: without the binary they stop and say
// what to install.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'

const isRoot = () => process.getuid?.() === 0
const hasApt = () => spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0

/**
 * Returns the path of `binary`, found on PATH or in `extraDirs`. When missing
 * and running as root with apt, installs Debian's `aptPackage`; otherwise
 * throws with the exact command to run.
 */
export const requireBinary = (binary: string, aptPackage: string, extraDirs: string[] = []) => {
  const found = findBinary(binary, extraDirs)
  if (found) return found
  const command = `apt-get update && apt-get install -y ${aptPackage}`
  if (isRoot() && hasApt()) {
    console.log(`${binary} not found; installing Debian's ${aptPackage}: ${command}`)
    execFileSync('sh', ['-c', command], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    const installed = findBinary(binary, extraDirs)
    if (installed) return installed
  }
  throw new Error(
    `${binary} was not found. The benchmarks and the fleet tests run against a real ${aptPackage}, never a mock. Install it:\n  sudo ${command}`,
  )
}

const findBinary = (binary: string, extraDirs: string[]) => {
  const dirs = [...(process.env.PATH ?? '').split(':'), ...extraDirs]
  for (const dir of dirs) {
    if (dir && existsSync(`${dir}/${binary}`)) return `${dir}/${binary}`
  }
  return undefined
}

/** Debian installs PostgreSQL's server binaries off PATH, per major version. */
export const postgresBinDirs = () => {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return []
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => `${root}/${version}/bin`)
}

/** A TCP port on 127.0.0.1 that is free now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
