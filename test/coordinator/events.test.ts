import type { CoordinationEvent } from 'shared-call'
import { type Coordinator, defineCoordinator, jsonCodec } from 'shared-call/coordinator'
import { describe, expect, it } from 'vitest'
import { encodeValue } from '../../src/coordinator/envelope'

const lease = (generation: number) => ({
  generation,
  renew: async () => true,
  publish: async () => true,
  release: async () => {},
})

/** Runs one flight of `coordinator`, recording what it tells `onEvent`. */
const fly = async (coordinator: Coordinator) => {
  const events: CoordinationEvent[] = []
  let ran = 0
  let remote = 0
  const work = defineCoordinator(coordinator).coordinate(
    '3:app:k',
    async () => {
      ran++
      return 'here'
    },
    () => remote++,
    (event) => events.push(event),
  )
  const value = await work(new AbortController().signal)
  return { value, events, ran, remote }
}

describe("defineCoordinator's onEvent (for instrumentation)", () => {
  it('says takeover when this process leads after the flight it followed ended without a result', async () => {
    const vanished: Coordinator = {
      lead: async (_name, _ms, waited) =>
        waited === undefined ? { following: 4 } : { lease: lease(5) },
      wait: async () => undefined,
    }
    expect(await fly(vanished)).toEqual({ value: 'here', events: ['takeover'], ran: 1, remote: 0 })
  })

  it('says fallback when the coordinator fails and the work runs here', async () => {
    const down: Coordinator = {
      lead: async () => {
        throw new Error('down')
      },
      wait: async () => undefined,
    }
    expect(await fly(down)).toEqual({ value: 'here', events: ['fallback'], ran: 1, remote: 0 })
  })

  it('says nothing for a flight this process leads, or another answers', async () => {
    const leads: Coordinator = {
      lead: async () => ({ lease: lease(1) }),
      wait: async () => undefined,
    }
    expect(await fly(leads)).toEqual({ value: 'here', events: [], ran: 1, remote: 0 })

    const answered: Coordinator = {
      lead: async () => ({ following: 1 }),
      wait: async () => ({ generation: 1, bytes: encodeValue(jsonCodec, 'there') }),
    }
    expect(await fly(answered)).toEqual({ value: 'there', events: [], ran: 0, remote: 1 })
  })

  it('works without it, as SharedCall calls it', async () => {
    const down: Coordinator = {
      lead: async () => {
        throw new Error('down')
      },
      wait: async () => undefined,
    }
    const work = defineCoordinator(down).coordinate(
      '3:app:k',
      async () => 'here',
      () => {},
    )
    expect(await work(new AbortController().signal)).toBe('here')
  })
})
