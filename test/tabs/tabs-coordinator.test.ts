// tabsCoordinator's logic in Node: Node's real BroadcastChannel (instances
// in one thread hear each other, like tabs) and a Web Locks fake. Each
// "tab" is a SharedCall with its own coordinator. The proof in a browser,
// with real tabs closing, is test/e2e/tabs.test.ts.

import { SharedCall } from 'shared-call'
import { jsonCodec } from 'shared-call/coordinator'
import { tabsCoordinator, tabsSupported } from 'shared-call/tabs'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { deferred } from '../support/deferred'
import { fakeLocks } from './fake-locks'

let locks: ReturnType<typeof fakeLocks>
let opened: BroadcastChannel[]
let channel: string
let channels = 0

beforeEach(() => {
  locks = fakeLocks()
  opened = []
  channel = `test-${++channels}`
  vi.stubGlobal('navigator', { locks })
  vi.stubGlobal(
    'BroadcastChannel',
    class extends BroadcastChannel {
      constructor(name: string) {
        super(name)
        opened.push(this)
      }
    },
  )
})

afterEach(() => {
  for (const open of opened) open.close()
  vi.unstubAllGlobals()
})

/** The flight name SharedCall gives `key` in namespace "app". */
const flight = (key: string) => `3:app:${key}`

const tab = (options: { shareErrors?: boolean } = {}) =>
  new SharedCall({ coordinator: tabsCoordinator({ channel, ...options }), namespace: 'app' })

/** Resolves once the lock of `key` has `n` queued requests (waiting tabs). */
const queued = (key: string, n: number) =>
  vi.waitFor(() => {
    expect(locks.state().queued).toContainEqual([`${channel}:${flight(key)}`, n])
  })

describe('tabsCoordinator', () => {
  test('three tabs asking for one key at once run the work once, in the tab that leads', async () => {
    const [a, b, c] = [tab(), tab(), tab()]
    const upstream = deferred<{ id: number }>()
    const work = vi.fn(() => upstream.promise)
    const first = a.run('product:1', work)
    await vi.waitFor(() => expect(work).toHaveBeenCalledTimes(1))
    const others = [b.run('product:1', work), c.run('product:1', work)]
    await queued('product:1', 2)
    upstream.resolve({ id: 1 })
    expect(await Promise.all([first, ...others])).toEqual([{ id: 1 }, { id: 1 }, { id: 1 }])
    expect(work).toHaveBeenCalledTimes(1)
    expect([a, b, c].map((t) => t.getStats().remoteHits)).toEqual([0, 1, 1])
    expect(locks.state()).toEqual({ held: [], queued: [] })
  })

  test('a leader that fails: the waiting tabs get its error, and nobody runs the work again', async () => {
    const [a, b, c] = [tab(), tab(), tab()]
    const failing = deferred<string>()
    const leader = a.run('k', () => failing.promise)
    leader.catch(() => {})
    await vi.waitFor(() => expect(locks.state().held).toEqual([`${channel}:${flight('k')}`]))
    const again = vi.fn(async () => 'ran again')
    const others = [b.run('k', again), c.run('k', again)]
    await queued('k', 2)
    failing.reject(new Error('upstream down'))
    const errors = await Promise.all([leader, ...others].map((run) => run.catch((e) => e)))
    expect(errors.map((e) => e.message)).toEqual(Array(3).fill('upstream down'))
    expect(again).not.toHaveBeenCalled()
    expect(locks.state()).toEqual({ held: [], queued: [] })
  })

  test('a leader that lets go without a result (shareErrors: false, or its tab closed) hands over to one waiting tab', async () => {
    const [a, b, c] = [tab({ shareErrors: false }), tab(), tab()]
    const failing = deferred<string>()
    const leader = a.run('k', () => failing.promise)
    await vi.waitFor(() => expect(locks.state().held).toEqual([`${channel}:${flight('k')}`]))
    const takeover = vi.fn(async () => 'from b or c')
    const others = [b.run('k', takeover), c.run('k', takeover)]
    await queued('k', 2)
    failing.reject(new Error('upstream down'))
    await expect(leader).rejects.toThrow('upstream down')
    // One waiter takes the lock over and runs the work; the other gets its result.
    expect(await Promise.all(others)).toEqual(['from b or c', 'from b or c'])
    expect(takeover).toHaveBeenCalledTimes(1)
    expect(b.getStats().remoteHits + c.getStats().remoteHits).toBe(1)
    expect(locks.state()).toEqual({ held: [], queued: [] })
  })

  test('a waiting tab whose caller aborts rejects with the reason and withdraws its lock request', async () => {
    const [a, b] = [tab(), tab()]
    const upstream = deferred<string>()
    const leader = a.run('k', () => upstream.promise)
    await vi.waitFor(() => expect(locks.state().held).toHaveLength(1))
    const controller = new AbortController()
    const waiter = b.run('k', async () => 'never', { signal: controller.signal })
    await queued('k', 1)
    controller.abort(new Error('left the page'))
    await expect(waiter).rejects.toThrow('left the page')
    await vi.waitFor(() => expect(locks.state().queued).toEqual([]))
    upstream.resolve('done')
    expect(await leader).toBe('done')
  })

  test('a result stays with the tab that waits for another key', async () => {
    const [a, b] = [tab(), tab()]
    const upstream = deferred<string>()
    const leader = a.run('one', () => upstream.promise)
    await vi.waitFor(() => expect(locks.state().held).toHaveLength(1))
    // Another key is not held: b leads it at once, nobody waits.
    expect(await b.run('two', async () => 'two')).toBe('two')
    upstream.resolve('one')
    expect(await leader).toBe('one')
    expect(b.getStats().remoteHits).toBe(0)
  })
})

describe('the protocol on the channel', () => {
  // What a leader publishes: a value tag (0), then the codec's bytes.
  const bytesOf = (value: unknown) => new Uint8Array([0, ...jsonCodec.encode(value)])
  const decoded = (bytes: Uint8Array) => jsonCodec.decode(bytes.subarray(1))
  const listen = () => {
    const messages: unknown[] = []
    const ear = new BroadcastChannel(channel)
    ear.onmessage = (event) => messages.push(event.data)
    return { ear, messages }
  }

  test('a result on the channel wakes a waiting tab while the leader still holds its lock', async () => {
    const b = tab()
    const { ear, messages } = listen()
    // Another tab leads: it holds the lock of the key and has not let go.
    const leading = deferred<void>()
    locks.request(`${channel}:${flight('k')}`, () => leading.promise)
    const work = vi.fn(async () => 'not this')
    const waiter = b.run('k', work)
    await vi.waitFor(() => expect(messages).toContainEqual({ type: 'ask', key: flight('k') }))
    ear.postMessage({
      type: 'result',
      key: flight('k'),
      bytes: bytesOf('from the leader'),
      ttlMs: 1000,
    })
    expect(await waiter).toBe('from the leader')
    expect(work).not.toHaveBeenCalled()
    expect(b.getStats().remoteHits).toBe(1)
    leading.resolve()
  })

  test('the leader sends its result, and answers a late ask while it keeps it', async () => {
    const a = tab()
    const { ear, messages } = listen()
    expect(await a.run('k', async () => ({ id: 7 }))).toEqual({ id: 7 })
    await vi.waitFor(() => expect(messages).toHaveLength(1))
    const [sent] = messages as { type: string; key: string; bytes: Uint8Array; ttlMs: number }[]
    expect(sent).toMatchObject({ type: 'result', key: flight('k'), ttlMs: 5000 })
    expect(decoded(sent!.bytes)).toEqual({ id: 7 })
    ear.postMessage({ type: 'ask', key: flight('k') })
    await vi.waitFor(() => expect(messages).toHaveLength(2))
    expect(messages[1]).toMatchObject({ type: 'result', key: flight('k') })
    // Nobody answers for a key nobody published, nor garbage.
    ear.postMessage({ type: 'ask', key: flight('other') })
    ear.postMessage('garbage')
    ear.postMessage({ type: 'ask', key: flight('k') })
    await vi.waitFor(() => expect(messages).toHaveLength(3))
    expect(messages.filter((m) => (m as { key?: string }).key === flight('other'))).toEqual([])
  })
})

describe('bad input and missing APIs', () => {
  test('without navigator.locks or BroadcastChannel it throws a TypeError that says what is missing', () => {
    vi.stubGlobal('navigator', {})
    expect(tabsSupported()).toBe(false)
    expect(() => tabsCoordinator()).toThrow(TypeError)
    expect(() => tabsCoordinator()).toThrow(/navigator\.locks.*BroadcastChannel.*tabsSupported\(\)/)
    vi.stubGlobal('navigator', { locks })
    vi.stubGlobal('BroadcastChannel', undefined)
    expect(tabsSupported()).toBe(false)
    expect(() => tabsCoordinator()).toThrow(TypeError)
  })

  test('bad options throw a TypeError that says what to pass, before any channel opens', () => {
    expect(tabsSupported()).toBe(true)
    expect(() => tabsCoordinator(null as never)).toThrow(/options must be an object/)
    expect(() => tabsCoordinator({ channel: '' })).toThrow(/channel must be a non-empty string/)
    expect(() => tabsCoordinator({ channel: '-reserved' })).toThrow(TypeError)
    expect(() => tabsCoordinator({ resultTtlMs: -1 })).toThrow(
      /resultTtlMs must be a number of ms > 0/,
    )
    expect(opened).toEqual([])
  })
})
