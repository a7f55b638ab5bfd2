// The contract as callers see it: SharedCall instances standing for
// processes, each on its own coordinator (made by `make`) wrapped by
// defineCoordinator, on one store.
import { SharedCall } from 'shared-call'
import { describe, expect, it, vi } from 'vitest'
import {
  type Codec,
  type CoordinatorOptions,
  defineCoordinator,
  jsonCodec,
} from '../../src/coordinator/index'
import { type Deferred, deferred } from '../support/deferred'
import {
  bytesOf,
  type ContractControls,
  type Controlled,
  controlled,
  LONG_MS,
  leaseOf,
  type MakeCoordinator,
  namer,
  staying,
} from './contract-kit'

class UpstreamError extends Error {
  override name = 'UpstreamError'
  code = 'E_UPSTREAM'
  status = 503
}

type Process = Controlled & { shared: SharedCall }

/** The flight name SharedCall gives `key` in `namespace`. */
const nameOf = (namespace: string, key: string) => `${namespace.length}:${namespace}:${key}`

/** Resolves once `count` of `processes` have started a wait. */
const waitingIn = (processes: Process[], count: number) =>
  new Promise<void>((resolve) => {
    let seen = 0
    for (const p of processes) p.waiting().then(() => ++seen === count && resolve())
  })

/**
 * Starts a flight of `key` in `p` whose work the test ends, and resolves
 * once the work runs (so `p` holds the lease).
 */
const leading = async <T>(p: Process, key: string) => {
  const gate = deferred<T>()
  const started = deferred<AbortSignal>()
  const run = p.shared.run(key, (signal) => {
    started.resolve(signal)
    return gate.promise
  })
  const signal = await started.promise
  run.catch(() => {}) // observed by the test, maybe after another await
  return { run, signal, resolve: gate.resolve, reject: gate.reject }
}

export const flightContract = (make: MakeCoordinator, controls: ContractControls) => {
  const short = controls.shortLeaseMs ?? 200
  const expiring = controls.leasesExpire ?? true
  const fresh = namer()

  /** One "process": a SharedCall on its own, observable, coordinator. */
  const process = async (namespace: string, options: CoordinatorOptions = {}): Promise<Process> => {
    const control = controlled(await make())
    const shared = new SharedCall({
      coordinator: defineCoordinator(control.coordinator, { leaseMs: LONG_MS, ...options }),
      namespace,
    })
    return Object.assign(control, { shared })
  }
  const fleet = (count: number, namespace: string, options?: CoordinatorOptions) =>
    Promise.all(Array.from({ length: count }, () => process(namespace, options)))

  /** A leader of `k` and a process waiting for it, with its own work counted. */
  const leaderAndWaiter = async (options?: CoordinatorOptions, waiterOptions = options) => {
    const namespace = fresh('pair')
    const leader = await process(namespace, options)
    const waiter = await process(namespace, waiterOptions)
    const flight = await leading<unknown>(leader, 'k')
    const waiterWork = vi.fn(async () => 'its own')
    const waiting = waiter.shared.run('k', waiterWork)
    waiting.catch(() => {}) // observed by the test, maybe after another await
    await waiter.waiting()
    return { leader, waiter, flight, waiting, waiterWork }
  }

  describe('one flight across processes', () => {
    it('4 processes × 25 callers of one key: the work runs once in the whole fleet', async () => {
      const processes = await fleet(4, fresh('once'))
      const gate = deferred<{ report: number }>()
      const started = deferred()
      const work = vi.fn(() => {
        started.resolve()
        return gate.promise
      })
      const calls = processes.flatMap(({ shared }) =>
        Array.from({ length: 25 }, () => shared.run('report', work)),
      )
      // one leads, the three others wait for it
      await Promise.all([started.promise, waitingIn(processes, 3)])
      gate.resolve({ report: 42 })
      const results = await Promise.all(calls)
      expect(work).toHaveBeenCalledTimes(1)
      expect(results.every((r) => r.report === 42)).toBe(true)
      // Each caller counts once: the one whose work ran is the fleet's only
      // miss; the three that started a flight another process answered are
      // remote hits, so hits + misses is the 100 calls made.
      const stats = processes.map(({ shared }) => shared.getStats())
      const sum = (field: 'hits' | 'misses' | 'passes' | 'remoteHits') =>
        stats.reduce((total, s) => total + s[field], 0)
      expect([sum('misses'), sum('hits'), sum('passes'), sum('remoteHits')]).toEqual([1, 99, 0, 3])
      expect(stats.map((s) => s.hits + s.misses)).toEqual([25, 25, 25, 25])
    })

    it('carries undefined, bytes and nested plain data through the codec', async () => {
      const { flight, waiting } = await leaderAndWaiter()
      const value = { body: new Uint8Array([0, 255]), list: [1, 'é😀', null], nothing: undefined }
      flight.resolve(value)
      expect(await flight.run).toBe(value)
      expect(await waiting).toEqual({ body: new Uint8Array([0, 255]), list: [1, 'é😀', null] })
      const empty = await leaderAndWaiter()
      empty.flight.resolve(undefined)
      expect(await empty.waiting).toBeUndefined()
      expect(empty.waiterWork).not.toHaveBeenCalled()
    })
  })

  describe('names', () => {
    it('namespace "app" with key "x:k" and namespace "app:x" with key "k" are two flights (issue 10, point 5)', async () => {
      const base = fresh('collide')
      const a = await process(`${base}-app`)
      const b = await process(`${base}-app:x`)
      // both lead at once: neither waits on the other
      const [one, two] = await Promise.all([leading(a, ':x:k'), leading(b, ':k')])
      one.resolve('for app + x:k')
      two.resolve('for app:x + k')
      expect(await Promise.all([one.run, two.run])).toEqual(['for app + x:k', 'for app:x + k'])
      expect([a.waits(), b.waits()]).toEqual([0, 0])
    })

    it('a key or namespace with a lone surrogate is a TypeError, and the work never runs', async () => {
      const namespace = fresh('surrogate')
      const a = await process(namespace)
      const work = vi.fn(async () => 'ran')
      // Thrown by the core, synchronously, before any flight or coordinator call.
      expect(() => a.shared.run('k\uD800', work)).toThrow(TypeError)
      expect(() => a.shared.run('\uDC00k', work)).toThrow(
        /^shared-call: key must be a non-empty string without lone surrogates.*, got "\\udc00k"$/,
      )
      await expect(process(`${namespace}\uD800`)).rejects.toThrow(
        /^shared-call: namespace must be a non-empty string without lone surrogates/,
      )
      expect(work).not.toHaveBeenCalled()
      // a surrogate pair is fine
      expect(await a.shared.run('k\uD83D\uDE00', work)).toBe('ran')
    })
  })

  describe('errors cross the fleet (issue 10, point 4)', () => {
    it('a waiting process rejects with an equivalent error instead of running the work again', async () => {
      const { flight, waiting, waiterWork, waiter } = await leaderAndWaiter()
      const error = new UpstreamError('upstream down', { cause: new RangeError('pool empty') })
      flight.reject(error)
      const remote = (await waiting.catch((e: unknown) => e)) as Error
      await expect(flight.run).rejects.toBe(error)
      expect(remote).toBeInstanceOf(Error)
      expect(remote).toMatchObject({
        name: 'UpstreamError',
        message: 'upstream down',
        code: 'E_UPSTREAM',
        status: 503,
      })
      expect(remote.cause).toBeInstanceOf(RangeError)
      expect((remote.cause as Error).message).toBe('pool empty')
      expect(waiterWork).not.toHaveBeenCalled()
      expect(waiter.shared.getStats()).toMatchObject({ remoteHits: 1, errors: 1 })
      // the error answered that flight only: the next flight runs the work
      expect(await waiter.shared.run('k', waiterWork)).toBe('its own')
    })

    it('a built-in error comes back as its own class', async () => {
      const { flight, waiting } = await leaderAndWaiter()
      flight.reject(new TypeError('bad upstream answer'))
      const [local, remote] = await Promise.all([flight.run, waiting].map((p) => p.catch((e) => e)))
      expect(local).toBeInstanceOf(TypeError)
      expect(remote).toBeInstanceOf(TypeError)
      expect(remote).toMatchObject({ message: 'bad upstream answer' })
    })

    it('shareErrors: false — the failed leader lets go, and the waiting process runs the work itself', async () => {
      const { flight, waiting, waiterWork } = await leaderAndWaiter({ shareErrors: false })
      flight.reject(new UpstreamError('upstream down'))
      await expect(flight.run).rejects.toThrow('upstream down')
      expect(await waiting).toBe('its own')
      expect(waiterWork).toHaveBeenCalledTimes(1)
    })

    it.each([
      ['a thrown non-Error', 'a string'],
      ['an AbortError (the leader gave up)', new DOMException('request aborted', 'AbortError')],
    ])('%s is not shared: the waiting process runs the work itself', async (_, thrown) => {
      const { flight, waiting, waiterWork } = await leaderAndWaiter()
      flight.reject(thrown)
      await expect(flight.run).rejects.toBe(thrown)
      expect(await waiting).toBe('its own')
      expect(waiterWork).toHaveBeenCalledTimes(1)
    })

    it('a value the codec cannot encode fails the flight everywhere with a TypeError that names the codec', async () => {
      const { flight, waiting, waiterWork } = await leaderAndWaiter()
      flight.resolve(new Map([['a', 1]]))
      const message =
        'shared-call: the result of "k" must be something the codec can encode (JSON cannot carry a Map): return plain data or pass a codec, got a Map'
      const [local, remote] = await Promise.all([flight.run, waiting].map((p) => p.catch((e) => e)))
      for (const error of [local, remote]) {
        expect(error).toBeInstanceOf(TypeError)
        expect(error).toMatchObject({ message })
      }
      expect(waiterWork).not.toHaveBeenCalled()
    })

    it('a leader whose callers all left still publishes a value its work goes on to return', async () => {
      const namespace = fresh('left-value')
      const leader = await process(namespace)
      const waiter = await process(namespace)
      const controller = new AbortController()
      const gate = deferred<string>()
      const started = deferred()
      const leaving = leader.shared.run(
        'k',
        () => {
          started.resolve()
          return gate.promise // work that never reads its signal
        },
        { signal: controller.signal },
      )
      leaving.catch(() => {})
      await started.promise
      const waiterWork = vi.fn(async () => 'its own')
      const waiting = waiter.shared.run('k', waiterWork)
      await waiter.waiting()
      controller.abort(new Error('caller left'))
      await expect(leaving).rejects.toThrow('caller left')
      gate.resolve('finished anyway')
      expect(await waiting).toBe('finished anyway')
      expect(waiterWork).not.toHaveBeenCalled()
    })

    it('a leader whose callers all left lets go: its abort is not the fleet’s error', async () => {
      const namespace = fresh('left')
      const leader = await process(namespace)
      const waiter = await process(namespace)
      const controller = new AbortController()
      const started = deferred<AbortSignal>()
      const leaving = leader.shared.run(
        'k',
        (signal) => {
          started.resolve(signal)
          return new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          )
        },
        { signal: controller.signal },
      )
      await started.promise
      const waiting = waiter.shared.run('k', async () => 'its own')
      await waiter.waiting()
      controller.abort(new Error('caller left'))
      await expect(leaving).rejects.toThrow('caller left')
      expect(await waiting).toBe('its own')
    })
  })

  describe('bytes the coordinator cannot read (issue 10, point 8)', () => {
    it('a codec whose decode throws: the waiting process runs the work itself, never a SyntaxError', async () => {
      const broken: Codec = {
        encode: jsonCodec.encode,
        decode: () => {
          throw new SyntaxError('Unexpected token')
        },
      }
      const { flight, waiting, waiterWork, waiter } = await leaderAndWaiter({}, { codec: broken })
      flight.resolve('from the leader')
      expect(await flight.run).toBe('from the leader')
      expect(await waiting).toBe('its own')
      expect(waiterWork).toHaveBeenCalledTimes(1)
      expect(waiter.shared.getStats().remoteHits).toBe(0)
    })

    it('bytes from a foreign writer: the waiting process runs the work itself', async () => {
      const namespace = fresh('foreign')
      const waiter = await process(namespace)
      const raw = await make()
      const lease = leaseOf(await raw.lead(nameOf(namespace, 'k'), LONG_MS))
      const waiting = waiter.shared.run('k', async () => 'its own')
      await waiter.waiting(lease.generation)
      expect(await lease.publish(bytesOf('{"not":"an envelope"}'), LONG_MS)).toBe(true)
      expect(await waiting).toBe('its own')
    })
  })

  describe.skipIf(!expiring)('pauses (issue 10, points 1 and 3)', () => {
    /**
     * A leader on a short lease whose renewals the test holds back (a pause),
     * and a process that takes over once the lease ran out; then the paused
     * one resumes and follows the newer flight.
     */
    const pausedLeader = async () => {
      const namespace = fresh('paused')
      const paused = await process(namespace, { leaseMs: short })
      const next = await process(namespace)
      const renewals = paused.holdRenewals()
      const own = await leading<string>(paused, 'k')
      const takeover = await leading<string>(next, 'k')
      const newer = next.leads[0]!
      renewals.release()
      // a renewal says the lease was lost: it follows the newer flight
      await paused.waiting(newer)
      return { namespace, paused, next, own, takeover }
    }

    it('a leader paused past its lease publishes nothing; its callers get the newer result and its work is aborted', async () => {
      const { paused, next, own, takeover } = await pausedLeader()
      takeover.resolve('fresh')
      expect(await takeover.run).toBe('fresh')
      expect(await own.run).toBe('fresh')
      expect(own.signal.aborted).toBe(true)
      expect(paused.publishes).toEqual([])
      expect(next.publishes).toEqual(next.leads)
      expect(paused.shared.getStats().remoteHits).toBe(1)
    })

    it('a leader paused past its lease whose work ends first: its callers get it, unpublished; the newer flight keeps its own', async () => {
      const { namespace, paused, next, own, takeover } = await pausedLeader()
      own.resolve('its own')
      expect(await own.run).toBe('its own')
      expect(paused.publishes).toEqual([])
      // a process that joins now follows the newer flight, and gets its result
      const late = await process(namespace)
      const joining = late.shared.run('k', async () => 'must not run')
      await late.waiting(next.leads[0])
      takeover.resolve('fresh')
      expect(await takeover.run).toBe('fresh')
      expect(await joining).toBe('fresh')
    })

    it('a leader paused past its lease that leads again once the newer result expired runs the work afresh: the run it started under the lost lease is never published (issue 18, point 1)', async () => {
      const namespace = fresh('relead')
      const paused = await process(namespace, { leaseMs: short })
      const next = await process(namespace, { resultTtlMs: short })
      const late = await process(namespace)
      const raw = await make()
      const renewals = paused.holdRenewals()
      const runs: { signal: AbortSignal; gate: Deferred<string> }[] = []
      const started = deferred()
      const own = paused.shared.run('k', (signal) => {
        runs.push({ signal, gate: deferred<string>() })
        started.resolve()
        return runs.at(-1)!.gate.promise
      })
      await started.promise
      const takeover = await leading<string>(next, 'k')
      takeover.resolve('taken over')
      expect(await takeover.run).toBe('taken over')
      // the kept result runs out: a lease of another name, taken for as long
      // after it was published, has run out after it
      const clock = nameOf(namespace, 'clock')
      const tick = leaseOf(await raw.lead(clock, short))
      expect(await raw.wait(clock, tick.generation, staying())).toBeUndefined()
      // the paused leader resumes: its lease was lost, nothing is held nor kept, it leads again
      renewals.release()
      const again = await paused.leading(2)
      const joining = late.shared.run('k', async () => 'must not run')
      await late.waiting(again)
      // the run it started before its pause ends first
      runs[0]!.gate.resolve('started before the takeover')
      runs[1]?.gate.resolve('afresh')
      expect(await joining).toBe('afresh')
      expect(await own).toBe('afresh')
      expect(runs).toHaveLength(2)
      expect(runs[0]!.signal.aborted).toBe(true)
      expect(paused.publishes).toEqual([again])
    })

    it('a slow waiter that found neither result nor lease takes the result of the flight that took over (the fleet-test flake)', async () => {
      const namespace = fresh('slow')
      const raw = await make()
      const dead = leaseOf(await raw.lead(nameOf(namespace, 'k'), short))
      const [slow, quick] = await fleet(2, namespace)
      const held = slow!.holdWaits()
      let runs = 0
      const work = vi.fn(async () => `run ${++runs}`)
      const slowRun = slow!.shared.run('k', work)
      // the store told the slow process that the dead lease ran out; it has not acted yet
      await held.arrived
      expect(await quick!.shared.run('k', work)).toBe('run 1')
      held.release()
      expect(await slowRun).toBe('run 1')
      expect(work).toHaveBeenCalledTimes(1)
      expect(slow!.shared.getStats().remoteHits).toBe(1)
      expect(await dead.renew()).toBe(false)
    })
  })
}
