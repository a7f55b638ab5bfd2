import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromMember, ToMember } from './fixtures/member'

const fixture = fileURLToPath(new URL('./fixtures/member.ts', import.meta.url))

export type Client = 'node-redis' | 'ioredis'

/** A message and the member that sent it. */
export type Heard = FromMember & { from: number }

/**
 * Node processes sharing flights through Redis, each running
 * `fixtures/member.ts`. The test waits on what they say (`until`), never on
 * time; `stop` kills every one of them, also after a failure.
 */
export const startFleet = async (
  size: number,
  env: { url: string; client: Client; leaseMs?: number; namespace?: string },
) => {
  const heard: Heard[] = []
  const conditions = new Set<() => void>()
  const members: ChildProcess[] = []
  const killed = new Set<number>()
  let crashed: Error | undefined

  const check = () => {
    for (const condition of [...conditions]) condition()
  }
  for (let index = 0; index < size; index++) {
    const child = fork(fixture, {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        CLIENT: env.client,
        REDIS_URL: env.url,
        LEASE_MS: String(env.leaseMs ?? 1_000),
        NAMESPACE: env.namespace ?? 'app',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
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
    /** SIGSTOP: the process stops where it is, as in a long GC pause or a frozen container. */
    pause(index: number) {
      members[index]?.kill('SIGSTOP')
    },
    /** SIGCONT: it goes on where it stopped, its timers overdue. */
    resume(index: number) {
      members[index]?.kill('SIGCONT')
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
