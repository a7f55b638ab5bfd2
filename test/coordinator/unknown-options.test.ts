// Issue 21.2 for coordinators: a misspelt option is a TypeError that names it
// and the known one meant, not a default used in silence. (tabsCoordinator's
// are in test/tabs, redisCoordinator's in test/redis, on a real Redis.)
import { describe, expect, it } from 'vitest'
import { durableCoordinator } from '../../src/cloudflare/coordinator'
import { defineCoordinator } from '../../src/coordinator/index'
import { memoryCoordinator } from './memory-coordinator'

describe('defineCoordinator options', () => {
  const store = memoryCoordinator()

  it.each([
    ['leaseMS', 'leaseMs', 100],
    ['ttlMs', 'resultTtlMs', 100],
    ['retries', 'one of codec, leaseMs, resultTtlMs, shareErrors', 3],
    ['resultTTL', 'resultTtlMs', 100],
    ['shareError', 'shareErrors', false],
    ['Codec', 'codec', 'json'],
  ])('%s', (name, meant, value) => {
    const rule = meant.startsWith('one of') ? meant : `did you mean \`${meant}\`?`
    expect(() => defineCoordinator(store, { [name]: value } as never)).toThrow(
      new TypeError(
        `shared-call: coordinator options.${name} must be a known option (${rule}), got ${JSON.stringify(value)}`,
      ),
    )
  })
})

describe('durableCoordinator options', () => {
  // Enough of a Durable Object namespace to get past its own check.
  const namespace = { idFromName: () => ({}), get: () => ({}) } as never

  it("are every coordinator's, checked as such", () => {
    expect(() => durableCoordinator(namespace, { leaseMS: 100 } as never)).toThrow(
      'shared-call: coordinator options.leaseMS must be a known option (did you mean `leaseMs`?), got 100',
    )
    expect(() => durableCoordinator(namespace, { leaseMs: 100 })).not.toThrow()
  })
})
