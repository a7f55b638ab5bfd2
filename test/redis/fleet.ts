import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { reapOnExit } from '../support/reaper'
import { type Redis, startRedis } from '../support/redis-server'
import { bundled } from './bundle'
import type { FromMember, HoldAt, ToMember } from './fixtures/member'
import { type LinkProxy, startProxy } from './proxy'

const fixture = fileURLToPath(new URL('./fixtures/member.ts', import.meta.url))

export type Client = 'node-redis' | 'ioredis'

/** A message and the member that sent it. */
export type Heard = FromMember & { from: number }

/**
 * Node processes sharing flights through Redis, each running
 * `fixtures/member.ts`. The test waits on what they say (`until`), never on
 * time; `stop` kills every one of them, also after a failure, and the
 * reaper kills them if the test runner dies first (a SIGSTOPped member
 * could not notice).
 */
export const startFleet = async (
  size: number,
  env: {
    url: string
    client: Client
    leaseMs?: number
    resultTtlMs?: number
    namespace?: string
    proxied?: boolean
    /** A Sentinel's port: members find the primary through it, and follow a failover. */
    sentinel?: number
  },
) => {
  const heard: Heard[] = []
  const conditions = new Set<() => void>()
  const members: ChildProcess[] = []
  const killed = new Set<number>()
  let crashed: Error | undefined
  // Each member behind a proxy of its own, when the test cuts members off.
  const proxies: LinkProxy[] = []
  if (env.proxied) {
    for (let index = 0; index < size; index++)
      proxies.push(await startProxy(Number(new URL(env.url).port)))
  }

  const check = () => {
    for (const condition of [...conditions]) condition()
  }
  const script = await bundled(fixture)
  for (let index = 0; index < size; index++) {
    const child = fork(script, {
      execArgv: [],
      env: {
        ...process.env,
        CLIENT: env.client,
        REDIS_URL: proxies[index]?.url ?? env.url,
        LEASE_MS: String(env.leaseMs ?? 1_000),
        RESULT_TTL_MS: String(env.resultTtlMs ?? 5_000),
        NAMESPACE: env.namespace ?? 'app',
        MEMBER: String(index),
        SENTINEL: env.sentinel ? String(env.sentinel) : '',
      },
      // stdin: the byte that unblocks a member held at a point (`hold`)
      stdio: ['pipe', 'inherit', 'inherit', 'ipc'],
    })
    reapOnExit(child)
    child.stdin!.on('error', () => {}) // a member that was killed reads no more
    child.on('message', (message: FromMember) => {
      heard.push({ ...message, from: index })
      check()
    })
    child.on('exit', (code, signal) => {
      if (!killed.has(index)) crashed ??= new Error(`member ${index} exited (${signal ?? code})`)
      check()
    })
    members.push(child)
  }

  /** Resolves with what `found` returns once it returns something; rejects if a member crashes. */
  const until = <T>(found: (heard: Heard[]) => T | undefined | false): Promise<T> =>
    new Promise((resolve, reject) => {
      const condition = () => {
        if (crashed) {
          conditions.delete(condition)
          return reject(crashed)
        }
        const result = found(heard)
        if (result === undefined || result === false) return
        conditions.delete(condition)
        resolve(result)
      }
      conditions.add(condition)
      condition()
    })

  const of = <K extends Heard['type']>(type: K, key?: string) =>
    heard.filter(
      (m): m is Extract<Heard, { type: K }> =>
        m.type === type && (key === undefined || ('key' in m && m.key === key)),
    )

  const tell = (index: number, message: ToMember) => members[index]?.send(message)

  const fleet = {
    size,
    heard,
    of,
    until,
    tell,
    /** Every member except the killed ones. */
    alive: () => members.map((_, index) => index).filter((index) => !killed.has(index)),
    /** Starts `callers` concurrent calls of `key` in the given members (all alive by default). */
    run(key: string, callers: number, only?: number[]) {
      for (const index of only ?? fleet.alive()) tell(index, { type: 'run', key, callers })
    },
    /** Lets the work of `key` end in the given members (all alive by default). */
    release(key: string, only?: number[]) {
      for (const index of only ?? fleet.alive()) tell(index, { type: 'release', key })
    },
    /**
     * Has member `index` stop at `at` for `key` (fixtures/member.ts), once:
     * resolves when it is there, blocked, and SIGSTOPped. `resume` lets it go on.
     */
    async hold(index: number, key: string, at: HoldAt) {
      const before = of('held', key).filter((m) => m.from === index && m.at === at).length
      tell(index, { type: 'hold', key, at })
      await until(
        () => of('held', key).filter((m) => m.from === index && m.at === at).length > before,
      )
      fleet.pause(index)
      // read once it is continued: it goes on from there
      members[index]?.stdin?.write('x')
    },
    /** SIGSTOP: the process stops where it is, as in a long GC pause or a frozen container. */
    pause(index: number) {
      members[index]?.kill('SIGSTOP')
    },
    /** SIGCONT: it goes on where it stopped, its timers overdue. */
    resume(index: number) {
      members[index]?.kill('SIGCONT')
    },
    /** Cuts member `index` off from Redis (a stalled link: `proxied` fleets only). */
    partition(index: number) {
      proxies[index]!.cut()
    },
    /** Lets what waited through, and carries on. */
    heal(index: number) {
      proxies[index]!.heal()
    },
    /** SIGKILL: no goodbye, no lease release. */
    async kill(index: number) {
      killed.add(index)
      const child = members[index]
      if (!child || child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      await Promise.all(members.map((_, index) => fleet.kill(index)))
      await Promise.all(proxies.map((proxy) => proxy.close()))
    },
  }
  try {
    await until(() => of('ready').length === size)
  } catch (error) {
    await fleet.stop()
    throw error
  }
  return fleet
}

export type Fleet = Awaited<ReturnType<typeof startFleet>>

type Settled = Extract<Heard, { type: 'settled' }>

/**
 * Resolves once every listed member settled its callers of `key` for the
 * `round`th time, with what each said then, in the order of `members`.
 */
export const settled = (fleet: Fleet, key: string, members = fleet.alive(), round = 1) =>
  fleet.until(() => {
    const done = members.map((index) => fleet.of('settled', key).filter((m) => m.from === index))
    return done.every((mine) => mine.length >= round) && done.map((mine) => mine[round - 1]!)
  })

/** The members that ran the work of `key`, in the order they began. */
export const workers = (fleet: Fleet, key: string) => fleet.of('working', key).map((m) => m.from)

/** Member `index` is inside a wait for `key` now: it follows another's flight. */
export const following = (fleet: Fleet, key: string, index: number) =>
  fleet.of('waiting', key).filter((m) => m.from === index).length >
  fleet.of('waited', key).filter((m) => m.from === index).length

/**
 * One of `members` works on `key` (the `worked` first workers aside) and
 * every other one follows it: resolves with the worker.
 */
export const oneLeads = (fleet: Fleet, key: string, worked = 0, members = fleet.alive()) =>
  fleet.until(() => {
    const leaders = workers(fleet, key).slice(worked)
    const [leader] = leaders
    if (leaders.length !== 1 || leader === undefined || !members.includes(leader)) return undefined
    const others = members.filter((index) => index !== leader)
    return others.every((index) => following(fleet, key, index)) && leader
  })

/** Every value the settled callers got. */
export const everyValue = (done: Settled[]) => done.flatMap((m) => m.values)

/** How many distinct values (as JSON) `values` holds. */
export const distinct = (values: unknown[]) => new Set(values.map((v) => JSON.stringify(v))).size

/**
 * A redis-server for the fleet tests of one file, and fleets of `size`
 * members on it: every fleet is killed after its test, and a paused server
 * is continued.
 */
export const fleetsForTests = (size: number) => {
  let server: Redis | undefined
  const fleets: Fleet[] = []
  beforeAll(async () => {
    server = await startRedis()
  })
  afterEach(async () => {
    await Promise.all(fleets.splice(0).map((fleet) => fleet.stop()))
    server?.resume()
  })
  afterAll(async () => {
    await Promise.all(fleets.splice(0).map((fleet) => fleet.stop()))
    await server?.stop()
  })
  return {
    get server() {
      return server!
    },
    /** Starts redis-server again on the same port, after `server.stop()`. */
    async restart() {
      server = await startRedis({ port: server!.port })
    },
    async start(client: Client, leaseMs = 1_000, proxied = false, resultTtlMs?: number) {
      const fleet = await startFleet(size, {
        url: server!.url,
        client,
        leaseMs,
        resultTtlMs,
        proxied,
      })
      fleets.push(fleet)
      return fleet
    },
  }
}
