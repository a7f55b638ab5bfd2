// Throwaway redis-servers on 127.0.0.1, in temp dirs, without persistence:
// one server, a Redis Cluster of three masters, or a Sentinel. Shared by the fleet tests
// (test/redis) and the benchmarks (bench/). Ready when they say so (their log,
// CLUSTER INFO), not after a delay; stopped by `stop()`, also on failure, and
// by the reaper (reaper.ts) if the test runner dies first.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis as IoRedis } from 'ioredis'
import { freePort, requireBinary } from '../../bench/lib/system'
import { reapOnExit } from './reaper'

export interface Redis {
  port: number
  /** `redis://127.0.0.1:<port>` */
  url: string
  /**
   * Resolves once the server's log has said `text` (since it started), with
   * the time its line gives (ms since the epoch, this machine's clock).
   */
  logged: (text: string) => Promise<number>
  /** Everything its log said so far: to print when a test fails. */
  log: () => string
  /** SIGSTOP: the server stops where it is; connections stay open, nothing is answered. */
  pause: () => void
  /** SIGCONT: it answers what arrived meanwhile. */
  resume: () => void
  /** SIGKILL: it dies at once, as in a crash. */
  kill: () => void
  /** Stops the server (SIGTERM, even when paused) and removes its temp dir; resolves when it has exited. */
  stop: () => Promise<void>
}

/** The time a log line starts with (`<pid>:<role> 03 Dec 2026 16:52:42.507 # …`, local time). */
const timeOf = (line: string) => {
  const [stamp] = /\d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2}\.\d{3}/.exec(line) ?? []
  return stamp ? new Date(stamp).getTime() : Number.NaN
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/**
 * Starts `binary` (redis-server or redis-sentinel) on `port` in a temp dir,
 * resolving once it accepts connections. `config` is the text of a config
 * file to start it with (Sentinel needs one it can rewrite); `args` follow.
 */
const spawnRedis = async (
  port: number,
  args: string[] = [],
  { binary = 'redis-server', config }: { binary?: string; config?: string } = {},
): Promise<Redis> => {
  const path = requireBinary(binary, binary)
  const dir = mkdtempSync(join(tmpdir(), 'shared-call-redis-'))
  const file = join(dir, 'redis.conf')
  if (config !== undefined) writeFileSync(file, config)
  const child = spawn(
    path,
    [
      ...(config === undefined ? [] : [file]),
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      ...(binary === 'redis-server' ? ['--save', '', '--appendonly', 'no'] : []),
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  reapOnExit(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (running(child)) {
      // A stopped process does not act on SIGTERM until it is continued.
      child.kill('SIGCONT')
      child.kill('SIGTERM')
    }
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  let log = ''
  const readers = new Set<() => void>()
  child.stdout.on('data', (chunk: Buffer) => {
    log += chunk.toString()
    for (const read of [...readers]) read()
  })
  const logged = (text: string) =>
    new Promise<number>((resolve) => {
      const read = () => {
        const at = log.indexOf(text)
        if (at === -1) return
        readers.delete(read)
        resolve(timeOf(log.slice(log.lastIndexOf('\n', at) + 1, at)))
      }
      readers.add(read)
      read()
    })
  const ready = await Promise.race([
    // a Sentinel says it has its ID (and then runs), a server that it is ready
    logged(binary === 'redis-server' ? 'Ready to accept connections' : 'Sentinel ID is').then(
      () => true,
    ),
    exited.then(() => false),
    new Promise<boolean>((resolve) => child.once('error', () => resolve(false))),
  ])
  if (!ready) {
    await stop()
    throw new Error(`${binary} did not start on 127.0.0.1:${port}`)
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    logged,
    log: () => log,
    pause: () => running(child) && child.kill('SIGSTOP'),
    resume: () => running(child) && child.kill('SIGCONT'),
    kill: () => running(child) && child.kill('SIGKILL'),
    stop,
  }
}

/**
 * Starts redis-server on `port` (a free one by default): pass the old port
 * to restart it. `args` are more of its options (`--replicaof`, say).
 */
export const startRedis = async ({
  port,
  args,
}: {
  port?: number
  args?: string[]
} = {}): Promise<Redis> => spawnRedis(port ?? (await freePort()), args)

/**
 * Starts a Sentinel (Debian's redis-sentinel) on a free port that watches
 * the primary at `primaryPort` as `name`, alone (quorum 1): once the primary
 * has not answered for `downAfterMs` it promotes one of its replicas.
 * Resolves once it watches the primary.
 */
export const startSentinel = async (
  primaryPort: number,
  { name = 'main', downAfterMs = 1_000 }: { name?: string; downAfterMs?: number } = {},
): Promise<Redis> => {
  const config = [
    `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1`,
    `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
    `sentinel failover-timeout ${name} 60000`,
    '',
  ].join('\n')
  const sentinel = await spawnRedis(await freePort(), [], { binary: 'redis-sentinel', config })
  await sentinel.logged(`+monitor master ${name} 127.0.0.1 ${primaryPort}`)
  return sentinel
}

export interface RedisCluster {
  /** The masters, each holding an equal range of the 16 384 slots, in order. */
  nodes: Redis[]
  /** The master that holds `slot`. */
  nodeOf: (slot: number) => Redis
  stop: () => Promise<void>
}

const SLOTS = 16_384
/** The first slot of the `index`th of `masters` equal ranges. */
const firstSlot = (index: number, masters: number) => Math.floor((SLOTS * index) / masters)

/**
 * A Redis Cluster of `masters` masters on free ports (no replicas): each
 * takes an equal range of slots (CLUSTER ADDSLOTSRANGE, Redis 7), they meet,
 * and it resolves once every node reports the cluster `ok` with all of them
 * known. Debian's redis-server runs it as it is.
 */
export const startRedisCluster = async ({ masters = 3 } = {}): Promise<RedisCluster> => {
  const nodes: Redis[] = []
  const admins: IoRedis[] = []
  const busPorts: number[] = []
  const stop = async () => {
    for (const admin of admins) admin.disconnect()
    await Promise.all(nodes.map((node) => node.stop()))
  }
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort()
      // The bus port is named: by default it is port + 10000, and a node on a
      // free port above 55535 (any of them, on kernels that hand out the whole
      // ephemeral range) refuses to start.
      const busPort = await freePort()
      busPorts.push(busPort)
      nodes.push(
        await spawnRedis(port, [
          '--cluster-enabled',
          'yes',
          '--cluster-port',
          String(busPort),
          '--cluster-config-file',
          `nodes-${port}.conf`,
        ]),
      )
    }
    for (const node of nodes) admins.push(new IoRedis(node.port, '127.0.0.1'))
    await Promise.all(
      admins.map((admin, i) => {
        const [first, next] = [firstSlot(i, masters), firstSlot(i + 1, masters)]
        return admin.call('CLUSTER', 'ADDSLOTSRANGE', String(first), String(next - 1))
      }),
    )
    for (const [i, node] of nodes.entries()) {
      if (i === 0) continue
      await admins[0]!.call('CLUSTER', 'MEET', '127.0.0.1', String(node.port), String(busPorts[i]))
    }
    // Gossip has no event to wait on: ask each node until it says the cluster is whole.
    const whole = async (admin: IoRedis) => {
      const info = String(await admin.call('CLUSTER', 'INFO'))
      return info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${masters}`)
    }
    for (let tries = 0; !(await Promise.all(admins.map(whole))).every(Boolean); tries++) {
      if (tries === 400) throw new Error(`the Redis Cluster did not form in ${tries * 50} ms`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    for (const admin of admins.splice(0)) admin.disconnect()
    const nodeOf = (slot: number) => nodes.findLast((_, i) => firstSlot(i, masters) <= slot)!
    return { nodes, nodeOf, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
