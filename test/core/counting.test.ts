import { describe, expect, it, vi } from 'vitest'
import { defineCoordinator } from '../../src/coordinator/index'
import { SharedCall, type SharedCallStats } from '../../src/core/index'
import { memoryCoordinator } from '../coordinator/memory-coordinator'
import { deferred } from '../support/deferred'

/** hits + misses + passes: every call counted once. */
const counted = ({ hits, misses, passes }: SharedCallStats) => hits + misses + passes

describe('stats: each call counts once, as a hit, a miss or a pass', () => {
  it('a caller an adapter lets through is a pass, no longer a hit or a miss; hitRate counts it', async () => {
    const shared = new SharedCall()
    const gate = deferred<string>()
    const leader = shared.join('k', () => gate.promise)
    const followers = Array.from({ length: 3 }, () => shared.join('k', () => gate.promise))
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 3, passes: 0 })

    followers[0]!.pass()
    followers[0]!.pass() // once only
    leader.pass()
    shared.pass() // a call that never joined a flight
    gate.resolve('v')
    await Promise.all([leader.result, ...followers.map((f) => f.result)])
    expect(shared.getStats()).toMatchObject({ misses: 0, hits: 2, passes: 3, hitRate: 2 / 5 })
    expect(counted(shared.getStats())).toBe(5)
  })

  it('a caller that goes on to another flight is uncounted here and counted there', async () => {
    const shared = new SharedCall()
    const first = shared.join('en', async () => 'en')
    const moved = shared.join('en', async () => 'en')
    moved.uncount()
    const own = shared.join('fr', async () => 'fr')
    await Promise.all([first.result, moved.result, own.result])
    expect(shared.getStats()).toMatchObject({ misses: 2, hits: 0, passes: 0 })
    expect(counted(shared.getStats())).toBe(2)
  })

  it('tells the stats listeners of each recount', () => {
    const shared = new SharedCall()
    const joined = shared.join('k', () => new Promise(() => {}))
    const seen = vi.fn()
    shared.subscribe((stats) => seen(stats.passes))
    joined.pass()
    expect(seen).toHaveBeenLastCalledWith(1)
    shared.forgetAll()
  })

  it('a caller whose signal had aborted is not counted, and its recount moves nothing', async () => {
    const shared = new SharedCall()
    const gone = shared.join('k', async () => 1, { signal: AbortSignal.abort() })
    await gone.result.catch(() => {})
    gone.pass()
    expect(shared.getStats()).toMatchObject({ misses: 0, hits: 0, passes: 1 })
  })

  it('after resetStats, a call counted before it moves nothing (no negative counts)', async () => {
    const shared = new SharedCall()
    const gate = deferred()
    const leader = shared.join('k', () => gate.promise)
    const follower = shared.join('k', () => gate.promise)
    shared.resetStats()
    leader.pass()
    follower.uncount()
    gate.resolve()
    await leader.result
    expect(shared.getStats()).toMatchObject({ misses: 0, hits: 0, passes: 0 })
  })

  it('counts the leader right even when its work joins another flight before it returns', () => {
    const shared = new SharedCall()
    shared.join('inner', () => new Promise(() => {}))
    let inner: boolean | undefined
    const outer = shared.join('outer', () => {
      inner = shared.join('inner', () => new Promise(() => {})).leader
      return new Promise(() => {})
    })
    expect([outer.leader, inner]).toEqual([true, false])
    outer.pass()
    expect(shared.getStats()).toMatchObject({ misses: 1, hits: 1, passes: 1 })
    shared.forgetAll()
  })

  it('a flight another process answered: its starter is a remote hit, not a miss', async () => {
    const coordinator = defineCoordinator(memoryCoordinator())
    const [a, b] = [new SharedCall({ coordinator }), new SharedCall({ coordinator })]
    const gate = deferred<string>()
    const started = deferred()
    const work = vi.fn(() => {
      started.resolve()
      return gate.promise
    })
    const ran = a.join('report', work)
    await started.promise // a holds the lease: b waits for it
    const answered = b.join('report', work)
    const alsoB = b.join('report', work)
    gate.resolve('r')
    expect(await Promise.all([ran.result, answered.result, alsoB.result])).toEqual(['r', 'r', 'r'])
    expect(work).toHaveBeenCalledTimes(1)
    expect(a.getStats()).toMatchObject({ misses: 1, hits: 0, remoteHits: 0 })
    expect(b.getStats()).toMatchObject({ misses: 0, hits: 2, remoteHits: 1, hitRate: 1 })
    // A remote hit the adapter then let through is a pass, and no longer remote.
    answered.pass()
    expect(b.getStats()).toMatchObject({ misses: 0, hits: 1, passes: 1, remoteHits: 0 })
  })
})
