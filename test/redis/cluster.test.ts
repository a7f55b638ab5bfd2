// redisCoordinator on a real Redis Cluster: three masters of Debian's
// redis-server on loopback ports, with node-redis's createCluster and
// ioredis's Cluster. The contract suite, then what is the cluster's own
// (issue 10, point 6): a name's keys and channel on one slot, so no script
// fails with CROSSSLOT; results announced with sharded pub/sub (SPUBLISH,
// SSUBSCRIBE) on that slot's node; flights on every master.
import { Redis as IoRedis } from 'ioredis'
import { SharedCall } from 'shared-call'
import { redisCoordinator } from 'shared-call/redis'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { connect } from '../../src/redis/connect'
import { redisLeases } from '../../src/redis/coordinator'
import { names } from '../../src/redis/scripts'
import { coordinatorContract } from '../coordinator/contract'
import { deferred } from '../support/deferred'
import { type RedisCluster, startRedisCluster } from '../support/redis-server'
import { flightName, openClusterClient, openMonitor, waitingOn } from './clients'
import type { Client } from './fleet'

let cluster: RedisCluster
let admin: IoRedis
const cleanup: (() => unknown)[] = []

beforeAll(async () => {
  cluster = await startRedisCluster()
  admin = new IoRedis(cluster.nodes[0]!.url)
})
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})
afterAll(async () => {
  admin?.disconnect()
  await cluster?.stop()
})

const urls = () => cluster.nodes.map((node) => node.url)
const slotOf = async (key: string) => Number(await admin.call('CLUSTER', 'KEYSLOT', key))

describe.each<Client>(['node-redis', 'ioredis'])('%s cluster', (kind) => {
  const open = async () => {
    const opened = await openClusterClient(kind, urls())
    cleanup.push(opened.close)
    return opened.client
  }
  /** A SharedCall on its own cluster client: one "process". */
  const process = async (namespace = 'app') => {
    const coordinator = redisCoordinator(await open())
    cleanup.push(coordinator.close)
    return new SharedCall({ coordinator, namespace })
  }

  coordinatorContract(`redis cluster (${kind})`, async () => {
    const leases = redisLeases(connect(await open())!, 1_000)
    cleanup.push(leases.close)
    return leases
  })

  it("a flight's result travels on its name's own sharded channel, on the node of its slot", async () => {
    const [leader, follower] = [await process(), await process()]
    const name = flightName('app', 'report')
    const { channel } = names(name)
    const node = cluster.nodeOf(await slotOf(channel))
    const watch = await openMonitor(node.url)
    cleanup.push(watch.close)
    const nodeAdmin = new IoRedis(node.url)
    cleanup.push(() => nodeAdmin.disconnect())

    const gate = deferred<{ total: number }>()
    const work = vi.fn(() => gate.promise)
    const leading = leader.run('report', work)
    const following = follower.run('report', work)
    await watch.seen(waitingOn(name))
    // subscribed (SSUBSCRIBE) on the node that holds the name's slot, before it looked
    expect(await nodeAdmin.call('PUBSUB', 'SHARDNUMSUB', channel)).toEqual([channel, 1])
    gate.resolve({ total: 42 })
    expect(await Promise.all([leading, following])).toEqual([{ total: 42 }, { total: 42 }])
    expect(work).toHaveBeenCalledTimes(1)
    expect(leader.getStats().remoteHits + follower.getStats().remoteHits).toBe(1)

    // the channel goes with its last waiter; MONITOR reports in order, so all before it is seen
    await watch.seen((args) => args[0]?.toUpperCase() === 'SUNSUBSCRIBE' && args[1] === channel)
    const commands = watch.commands().map(([command, ...args]) => [command!.toUpperCase(), args])
    // announced by the script with SPUBLISH on that channel: never PUBLISH, which every node would relay
    expect(commands).toContainEqual(['SPUBLISH', [channel, expect.stringMatching(/^r\d+:/)]])
    expect(commands.filter(([command]) => command === 'PUBLISH')).toEqual([])
  })

  it('a flight on each master runs its work once', async () => {
    const [a, b] = [await process('spread'), await process('spread')]
    // a key whose name lands on each of the masters
    const byNode = new Map<string, string>()
    for (let i = 0; byNode.size < cluster.nodes.length; i++) {
      const node = cluster.nodeOf(await slotOf(names(flightName('spread', `k${i}`)).lease))
      if (!byNode.has(node.url)) byNode.set(node.url, `k${i}`)
    }
    for (const [url, key] of byNode) {
      const watch = await openMonitor(url)
      cleanup.push(watch.close)
      const gate = deferred<string>()
      const work = vi.fn(() => gate.promise)
      const runs = [a.run(key, work), b.run(key, work)]
      await watch.seen(waitingOn(flightName('spread', key)))
      gate.resolve(`value of ${key}`)
      expect(await Promise.all(runs)).toEqual([`value of ${key}`, `value of ${key}`])
      expect(work).toHaveBeenCalledTimes(1)
    }
    expect(a.getStats().remoteHits + b.getStats().remoteHits).toBe(cluster.nodes.length)
  })
})

it('every key and the channel of a name hash to one slot (CLUSTER KEYSLOT), braces and all; names spread over every master', async () => {
  const samples = ['3:app:k', '3:app:{k}', '3:a}p:k{', '3:app:%7Bk%7D', '3:app:é😀', '3:app:a\nb']
  for (const name of samples) {
    const slots = await Promise.all(Object.values(names(name)).map(slotOf))
    expect(new Set(slots).size).toBe(1)
  }
  const nodes = new Set<number>()
  for (let i = 0; i < 30; i++) {
    nodes.add(cluster.nodeOf(await slotOf(names(flightName('app', `key ${i}`)).lease)).port)
  }
  expect(nodes.size).toBe(cluster.nodes.length)
})
