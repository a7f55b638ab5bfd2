// tabsCoordinator in Node: each "tab" is a SharedCall with its own Web Locks
// client (a fake that follows the spec's queue) and its own BroadcastChannel
// (Node's: instances in one thread hear each other, like tabs). The proof in
// a browser, with real tabs closing, is test/e2e/tabs.test.ts.

import { SharedCall } from 'shared-call'
import { jsonCodec } from 'shared-call/coordinator'
import { tabsCoordinator, tabsSupported } from 'shared-call/tabs'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { lockNames } from '../../src/tabs/lock-names'
import { deferred } from '../support/deferred'
import { type FakeLocks, fakeLocks } from './fake-locks'

let locks: FakeLocks
/** Channels opened, by the tab that opened them. */
let opened: { tab: string; port: BroadcastChannel }[]
let channel: string
let channels = 0
let opening = ''

beforeEach(() => {
  locks = fakeLocks()
  opened = []
  channel = `test-${++channels}`
  vi.stubGlobal(
    'BroadcastChannel',
    class extends BroadcastChannel {
      constructor(name: string) {
        super(name)
        opened.push({ tab: opening, port: this })
      }
    },
  )
})

afterEach(() => {
  for (const { port } of opened) port.close()
  vi.unstubAllGlobals()
})

/** The flight name SharedCall gives `key` in namespace "app". */
const flight = (key: string) => `3:app:${key}`
const names = () => lockNames(channel)

interface Tab extends SharedCall {
  id: string
  /** The tab closes: the browser lets its locks go; its channel closes. */
  close(): void
}

const tab = (options: { shareErrors?: boolean; resultTtlMs?: number } = {}): Tab => {
  const { id, locks: own } = locks.tab()
  vi.stubGlobal('navigator', { locks: own })
  opening = id
  const shared = new SharedCall({
    coordinator: tabsCoordinator({ channel, ...options }),
    namespace: 'app',
  })
  return Object.assign(shared, {
    id,
    close() {
      locks.close(id)
      for (const open of opened) if (open.tab === id) open.port.close()
    },
  })
}

/** Resolves once `n` tabs wait for the flight of `key` (queued for its lease in shared mode). */
const waiting = (key: string, n: number) =>
  vi.waitFor(() => {
    const queued = locks.state().queued.filter((lock) => lock.startsWith('shared '))
    expect(queued.filter((lock) => lock.endsWith(`:${flight(key)}`))).toHaveLength(n)
  })

/** Resolves once a tab holds the lease of `key`. */
const leading = (key: string) =>
  vi.waitFor(() => {
    const leases = locks.state().held.filter((lock) => lock.startsWith('exclusive '))
    expect(leases.some((lock) => /:l\d+:/.test(lock) && lock.endsWith(`:${flight(key)}`))).toBe(
      true,
    )
  })

/** Every lock of the test's tabs, held or queued, except kept results and ended generations. */
const busy = () =>
  [...locks.state().held, ...locks.state().queued].filter((lock) => !/:[re]\d+:/.test(lock))

describe('tabsCoordinator', () => {
  test('three tabs asking for one key at once run the work once, in the tab that leads', async () => {
    const [a, b, c] = [tab(), tab(), tab()]
    const upstream = deferred<{ id: number }>()
    const work = vi.fn(() => upstream.promise)
    const first = a.run('product:1', work)
    await leading('product:1')
    const others = [b.run('product:1', work), c.run('product:1', work)]
    await waiting('product:1', 2)
    upstream.resolve({ id: 1 })
    expect(await Promise.all([first, ...others])).toEqual([{ id: 1 }, { id: 1 }, { id: 1 }])
    expect(work).toHaveBeenCalledTimes(1)
    expect([a, b, c].map((t) => t.getStats().remoteHits)).toEqual([0, 1, 1])
    expect(busy()).toEqual([])
  })

  test('a second round within resultTtlMs gets that round’s answer in every tab, never the first’s (issue 10, point 7)', async () => {
    const [a, b] = [tab(), tab()]
    let calls = 0
    for (const round of [1, 2, 3]) {
      const upstream = deferred<void>()
      const work = vi.fn(async () => {
        await upstream.promise
        return { call: ++calls }
      })
      const leader = a.run('product:44', work)
      await leading('product:44')
      const follower = b.run('product:44', work)
      // b waits for a's flight, or (wrongly) has an answer already: either way, go on.
      await Promise.race([waiting('product:44', 1), follower])
      upstream.resolve()
      expect(await Promise.all([leader, follower])).toEqual([{ call: round }, { call: round }])
      expect(work).toHaveBeenCalledTimes(1)
    }
    expect(b.getStats().remoteHits).toBe(3)
  })

  test('a tab that asks after a round ended runs a new flight: the kept result answers only its own flight', async () => {
    const [a, b] = [tab(), tab()]
    expect(await a.run('k', async () => 'round 1')).toBe('round 1')
    // a keeps round 1's result for resultTtlMs; b's new flight must not take it
    const work = vi.fn(async () => 'round 2')
    expect(await b.run('k', work)).toBe('round 2')
    expect(work).toHaveBeenCalledTimes(1)
    expect(b.getStats().remoteHits).toBe(0)
  })

  test('a leader that fails: the waiting tabs get its error, and nobody runs the work again', async () => {
    const [a, b, c] = [tab(), tab(), tab()]
    const failing = deferred<string>()
    const leader = a.run('k', () => failing.promise)
    leader.catch(() => {})
    await leading('k')
    const again = vi.fn(async () => 'ran again')
    const others = [b.run('k', again), c.run('k', again)]
    await waiting('k', 2)
    failing.reject(new Error('upstream down'))
    const errors = await Promise.all([leader, ...others].map((run) => run.catch((e) => e)))
    expect(errors.map((e) => e.message)).toEqual(Array(3).fill('upstream down'))
    expect(again).not.toHaveBeenCalled()
    expect(busy()).toEqual([])
  })

  test('a leader that lets go without a result (shareErrors: false) hands over to one waiting tab', async () => {
    const [a, b, c] = [tab({ shareErrors: false }), tab(), tab()]
    const failing = deferred<string>()
    const leader = a.run('k', () => failing.promise)
    await leading('k')
    const takeover = vi.fn(async () => 'from b or c')
    const others = [b.run('k', takeover), c.run('k', takeover)]
    await waiting('k', 2)
    failing.reject(new Error('upstream down'))
    await expect(leader).rejects.toThrow('upstream down')
    // One waiter takes the lease over and runs the work; the other gets its result.
    expect(await Promise.all(others)).toEqual(['from b or c', 'from b or c'])
    expect(takeover).toHaveBeenCalledTimes(1)
    expect(b.getStats().remoteHits + c.getStats().remoteHits).toBe(1)
    expect(busy()).toEqual([])
  })

  test('the leading tab closes mid-flight: one waiting tab takes over at once, the others get its result', async () => {
    const [a, b, c] = [tab(), tab(), tab()]
    const never = vi.fn(() => new Promise<string>(() => {}))
    a.run('k', never).catch(() => {})
    await leading('k')
    const takeover = vi.fn(async () => 'taken over')
    const others = [b.run('k', takeover), c.run('k', takeover)]
    await waiting('k', 2)
    a.close()
    expect(await Promise.all(others)).toEqual(['taken over', 'taken over'])
    expect(never).toHaveBeenCalledTimes(1)
    expect(takeover).toHaveBeenCalledTimes(1)
    expect(busy()).toEqual([])
  })

  test('the tab keeping a result closes: a late waiter of that flight runs the work rather than hang', async () => {
    const [a, b] = [tab(), tab()]
    const names = lockNames(channel)
    expect(await a.run('k', async () => 'kept by a')).toBe('kept by a')
    const held = locks.state().held.find((lock) => lock.includes(':r'))!
    const generation = Number(/:r(\d+):/.exec(held)![1])
    expect(held).toBe(`shared ${names.result(flight('k'), generation)}`)
    a.close()
    expect(await b.run('k', async () => 'its own')).toBe('its own')
  })

  test('a waiting tab whose caller aborts rejects with the reason and withdraws its lock request', async () => {
    const [a, b] = [tab(), tab()]
    const upstream = deferred<string>()
    const leader = a.run('k', () => upstream.promise)
    await leading('k')
    const controller = new AbortController()
    const waiter = b.run('k', async () => 'never', { signal: controller.signal })
    await waiting('k', 1)
    controller.abort(new Error('left the page'))
    await expect(waiter).rejects.toThrow('left the page')
    await waiting('k', 0)
    upstream.resolve('done')
    expect(await leader).toBe('done')
  })

  test('a result stays with the tab that waits for another key', async () => {
    const [a, b] = [tab(), tab()]
    const upstream = deferred<string>()
    const leader = a.run('one', () => upstream.promise)
    await leading('one')
    // Another key is not held: b leads it at once, nobody waits.
    expect(await b.run('two', async () => 'two')).toBe('two')
    upstream.resolve('one')
    expect(await leader).toBe('one')
    expect(b.getStats().remoteHits).toBe(0)
  })
})

describe('names', () => {
  test('distinct channels and names never share a lock, and a snapshot reads only its own name', () => {
    const pairs: [string, string][] = [
      ['a', 'b:c'],
      ['a:b', 'c'],
      ['a', 'l1:b'],
      ['a', 'b'],
      ['a', '3:app:x:k'],
      ['a', '5:app:x:k'],
      ['a', 'é'],
      ['a', 'e\u0301'],
    ]
    const all = pairs.flatMap(([channel, name]) => {
      const of = lockNames(channel)
      return [of.mutex(name), of.lease(name, 1), of.result(name, 1), of.ended(name, 1)]
    })
    expect(new Set(all).size).toBe(all.length)
    const of = lockNames('a')
    const held = [
      { name: of.lease('l1:b', 7), mode: 'exclusive' },
      { name: of.result('b:c', 9), mode: 'shared' },
      { name: lockNames('a:b').lease('c', 8), mode: 'exclusive' },
      { name: of.result('b', 3), mode: 'shared' },
    ]
    expect(of.read('b', { held })).toEqual({ lease: undefined, results: [3], newest: 3 })
    expect(of.read('l1:b', { held })).toEqual({ lease: 7, results: [], newest: 7 })
  })

  test('a key with a lone surrogate is a TypeError, and no lock is taken', async () => {
    const a = tab()
    expect(() => a.run('k\uD800', async () => 'ran')).toThrow(TypeError)
    expect(locks.state()).toEqual({ held: [], queued: [] })
  })
})

describe('the protocol on the channel', () => {
  // What a leader publishes: a value tag (0), then the codec's bytes.
  const bytesOf = (value: unknown) => new Uint8Array([0, ...jsonCodec.encode(value)])
  const decoded = (bytes: Uint8Array) => jsonCodec.decode(bytes.subarray(1))
  const listen = () => {
    const messages: Record<string, unknown>[] = []
    const ear = new BroadcastChannel(channel)
    ear.onmessage = (event) => messages.push(event.data)
    return { ear, messages }
  }
  /** Another tab leads `key` with generation `generation`: it holds that lease and has not let go. */
  const foreignLeader = (key: string, generation: number) => {
    const { locks: theirs } = locks.tab()
    const letGo = deferred<void>()
    theirs.request(
      names().lease(flight(key), generation),
      { mode: 'exclusive' },
      () => letGo.promise,
    )
    return letGo
  }

  test('a result on the channel wakes a waiting tab; one of an older generation does not', async () => {
    const b = tab()
    const { ear } = listen()
    const letGo = foreignLeader('k', 7)
    const work = vi.fn(async () => 'not this')
    const waiter = b.run('k', work)
    await waiting('k', 1)
    ear.postMessage({ type: 'result', name: flight('k'), generation: 6, bytes: bytesOf('stale') })
    ear.postMessage({ type: 'result', name: flight('k'), generation: 7, bytes: bytesOf('fresh') })
    expect(await waiter).toBe('fresh')
    expect(work).not.toHaveBeenCalled()
    expect(b.getStats().remoteHits).toBe(1)
    letGo.resolve()
  })

  test('the leader sends its result with its generation, and answers an ask for it while it keeps it', async () => {
    const a = tab()
    const { ear, messages } = listen()
    expect(await a.run('k', async () => ({ id: 7 }))).toEqual({ id: 7 })
    await vi.waitFor(() => expect(messages).toHaveLength(1))
    const [sent] = messages as { generation: number; bytes: Uint8Array }[]
    expect(sent).toMatchObject({ type: 'result', name: flight('k') })
    expect(decoded(sent!.bytes)).toEqual({ id: 7 })
    ear.postMessage({ type: 'ask', name: flight('k'), generation: sent!.generation })
    await vi.waitFor(() => expect(messages).toHaveLength(2))
    expect(messages[1]).toEqual(sent)
    // Nobody answers for another generation, another key, nor garbage.
    ear.postMessage({ type: 'ask', name: flight('k'), generation: sent!.generation - 1 })
    ear.postMessage({ type: 'ask', name: flight('other'), generation: sent!.generation })
    ear.postMessage('garbage')
    ear.postMessage({ type: 'ask', name: flight('k'), generation: sent!.generation })
    await vi.waitFor(() => expect(messages).toHaveLength(3))
    expect(messages[2]).toEqual(sent)
  })

  test('a kept result’s lock goes once resultTtlMs ran out: idle names leave nothing behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    try {
      const a = tab({ resultTtlMs: 1_000 })
      expect(await a.run('k', async () => 'v')).toBe('v')
      expect(locks.state().held).toHaveLength(1) // the kept result's lock
      await vi.advanceTimersByTimeAsync(999)
      expect(locks.state().held).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(locks.state().held).toEqual([])
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('bad input and missing APIs', () => {
  test('without navigator.locks or BroadcastChannel it throws a TypeError that says what is missing', () => {
    vi.stubGlobal('navigator', {})
    expect(tabsSupported()).toBe(false)
    expect(() => tabsCoordinator()).toThrow(TypeError)
    expect(() => tabsCoordinator()).toThrow(/navigator\.locks.*BroadcastChannel.*tabsSupported\(\)/)
    vi.stubGlobal('navigator', { locks: { request: () => {} } })
    expect(tabsSupported()).toBe(false) // no query(): too old
    vi.stubGlobal('navigator', { locks: locks.tab().locks })
    vi.stubGlobal('BroadcastChannel', undefined)
    expect(tabsSupported()).toBe(false)
    expect(() => tabsCoordinator()).toThrow(TypeError)
  })

  test('bad options throw a TypeError that says what to pass, before any channel opens', () => {
    vi.stubGlobal('navigator', { locks: locks.tab().locks })
    expect(tabsSupported()).toBe(true)
    expect(() => tabsCoordinator(null as never)).toThrow(
      /^shared-call: tabsCoordinator\(options\): options must be an object, got null$/,
    )
    expect(() => tabsCoordinator({ channel: '' })).toThrow(
      /^shared-call: tabsCoordinator\(options\): channel must be a non-empty string without lone surrogates that does not start with "-", got ""$/,
    )
    expect(() => tabsCoordinator({ channel: '-reserved' })).toThrow(TypeError)
    expect(() => tabsCoordinator({ channel: 'a\uD800' })).toThrow(TypeError)
    expect(() => tabsCoordinator({ channel: 7 as never })).toThrow(/channel must be .*, got 7$/)
    expect(() => tabsCoordinator({ resultTtlMs: -1 })).toThrow(
      /resultTtlMs must be a number of ms > 0/,
    )
    expect(opened).toEqual([])
  })

  test("a misspelt option names the one meant, its own or every coordinator's", () => {
    vi.stubGlobal('navigator', { locks: locks.tab().locks })
    expect(() => tabsCoordinator({ chanel: 'shop' } as never)).toThrow(
      new TypeError(
        'shared-call: tabsCoordinator options.chanel must be a known option (did you mean `channel`?), got "shop"',
      ),
    )
    expect(() => tabsCoordinator({ resultTTLms: 100 } as never)).toThrow(
      'shared-call: tabsCoordinator options.resultTTLms must be a known option (did you mean `resultTtlMs`?), got 100',
    )
    expect(() => tabsCoordinator({ retries: 1 } as never)).toThrow(
      'shared-call: tabsCoordinator options.retries must be a known option (one of channel, codec, leaseMs, resultTtlMs, shareErrors), got 1',
    )
    expect(opened).toEqual([])
  })
})
