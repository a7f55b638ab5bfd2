// The contract of lead, wait and Lease, on the coordinator itself: several
// "processes" (coordinators made by `make`) on one store.
import { describe, expect, it } from 'vitest'
import {
  bytesOf,
  type ContractControls,
  LONG_MS,
  leaseOf,
  type MakeCoordinator,
  namer,
  staying,
  textOf,
} from './contract-kit'

export const storeContract = (make: MakeCoordinator, controls: ContractControls) => {
  const short = controls.shortLeaseMs ?? 200
  const expiring = controls.leasesExpire ?? true
  const fresh = namer()
  const processes = (count: number) => Promise.all(Array.from({ length: count }, () => make()))

  describe('lead', () => {
    it('one lease at a time: the others follow its generation', async () => {
      const [a, b] = await processes(2)
      const name = fresh('lead')
      const lease = leaseOf(await a!.lead(name, LONG_MS))
      expect(await b!.lead(name, LONG_MS)).toEqual({ following: lease.generation })
      expect(await a!.lead(name, LONG_MS)).toEqual({ following: lease.generation })
      await lease.release()
    })

    it('each lease has a greater generation; a new flight leads even while a result is kept', async () => {
      const [a, b, c] = await processes(3)
      const name = fresh('generations')
      const first = leaseOf(await a!.lead(name, LONG_MS))
      expect(await first.publish(bytesOf('one'), LONG_MS)).toBe(true)
      const second = leaseOf(await b!.lead(name, LONG_MS))
      expect(second.generation).toBeGreaterThan(first.generation)
      // A waiter of the new flight does not take the old result: it gets the new one.
      const waiting = c!.wait(name, second.generation, staying())
      expect(await second.publish(bytesOf('two'), LONG_MS)).toBe(true)
      expect(await waiting).toEqual({ generation: second.generation, bytes: bytesOf('two') })
    })

    it('a new lease leaves the last result to the waiters of that flight', async () => {
      const [a, b, c] = await processes(3)
      const name = fresh('kept')
      const first = leaseOf(await a!.lead(name, LONG_MS))
      await first.publish(bytesOf('one'), LONG_MS)
      const second = leaseOf(await b!.lead(name, LONG_MS))
      // a slow waiter of the first flight still gets its result
      expect(textOf(await c!.wait(name, first.generation, staying()))).toBe('one')
      expect(await c!.lead(name, LONG_MS, first.generation)).toEqual({
        result: { generation: first.generation, bytes: bytesOf('one') },
      })
      await second.release()
    })

    it('a waiter whose flight ended without a result leads, or follows the flight running now', async () => {
      const [a, b, c] = await processes(3)
      const name = fresh('after-release')
      const first = leaseOf(await a!.lead(name, LONG_MS))
      await first.release()
      expect(await c!.wait(name, first.generation, staying())).toBeUndefined()
      const second = leaseOf(await b!.lead(name, LONG_MS, first.generation))
      expect(second.generation).toBeGreaterThan(first.generation)
      expect(await c!.lead(name, LONG_MS, first.generation)).toEqual({
        following: second.generation,
      })
      await second.release()
    })
  })

  describe('fencing', () => {
    it.skipIf(!expiring)(
      'a lease that ran out can neither renew nor publish: the newer flight’s result stands',
      async () => {
        const [paused, next, late] = await processes(3)
        const name = fresh('fenced')
        const old = leaseOf(await paused!.lead(name, short))
        // its holder is paused: no renewal, and the store lets the lease go
        expect(await next!.wait(name, old.generation, staying())).toBeUndefined()
        const newer = leaseOf(await next!.lead(name, LONG_MS, old.generation))
        expect(newer.generation).toBeGreaterThan(old.generation)
        const waiting = late!.wait(name, newer.generation, staying())
        // the paused holder resumes
        expect(await old.renew()).toBe(false)
        expect(await old.publish(bytesOf('stale'), LONG_MS)).toBe(false)
        await old.release()
        expect(await late!.lead(name, LONG_MS)).toEqual({ following: newer.generation })
        expect(await newer.publish(bytesOf('fresh'), LONG_MS)).toBe(true)
        expect(textOf(await waiting)).toBe('fresh')
        // and after the newer result, still nothing of the stale one
        expect(await old.publish(bytesOf('stale'), LONG_MS)).toBe(false)
        expect(textOf(await late!.wait(name, old.generation, staying()))).toBe('fresh')
      },
    )

    it('a released or published lease is spent: renew and publish answer false', async () => {
      const [a] = await processes(1)
      const name = fresh('spent')
      const released = leaseOf(await a!.lead(name, LONG_MS))
      await released.release()
      expect(await released.renew()).toBe(false)
      expect(await released.publish(bytesOf('late'), LONG_MS)).toBe(false)
      const published = leaseOf(await a!.lead(name, LONG_MS))
      expect(await published.renew()).toBe(true)
      expect(await published.publish(bytesOf('once'), LONG_MS)).toBe(true)
      expect(await published.publish(bytesOf('twice'), LONG_MS)).toBe(false)
      expect(await published.renew()).toBe(false)
      expect(textOf(await a!.wait(name, published.generation, staying()))).toBe('once')
    })

    it.skipIf(!expiring)(
      'a slow waiter that found neither result nor lease gets the result of the flight that took over (issue 10, point 3)',
      async () => {
        const [dead, slow, quick] = await processes(3)
        const name = fresh('slow-waiter')
        const gone = leaseOf(await dead!.lead(name, short))
        // both waiters see the dead leader's lease run out without a result
        const [slowSaw, quickSaw] = await Promise.all([
          slow!.wait(name, gone.generation, staying()),
          quick!.wait(name, gone.generation, staying()),
        ])
        expect([slowSaw, quickSaw]).toEqual([undefined, undefined])
        // the quick one takes over and finishes before the slow one acts
        const takeover = leaseOf(await quick!.lead(name, LONG_MS, gone.generation))
        expect(await takeover.publish(bytesOf('taken over'), LONG_MS)).toBe(true)
        expect(await slow!.lead(name, LONG_MS, gone.generation)).toEqual({
          result: { generation: takeover.generation, bytes: bytesOf('taken over') },
        })
      },
    )
  })

  describe('wait', () => {
    it('resolves undefined at once when nothing is held nor kept', async () => {
      const [a] = await processes(1)
      expect(await a!.wait(fresh('nothing'), 1, staying())).toBeUndefined()
    })

    it('gets a result announced while it waits, byte for byte', async () => {
      const [leader, waiter] = await processes(2)
      const name = fresh('announced')
      const lease = leaseOf(await leader!.lead(name, LONG_MS))
      const binary = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a, 0xf0])
      const waiting = waiter!.wait(name, lease.generation, staying())
      await lease.publish(binary, LONG_MS)
      expect(await waiting).toEqual({ generation: lease.generation, bytes: binary })
      const empty = leaseOf(await leader!.lead(name, LONG_MS))
      await empty.publish(new Uint8Array(0), LONG_MS)
      expect(await waiter!.wait(name, empty.generation, staying())).toEqual({
        generation: empty.generation,
        bytes: new Uint8Array(0),
      })
    })

    it('resolves undefined when the lease is released without a result', async () => {
      const [leader, waiter] = await processes(2)
      const name = fresh('released')
      const lease = leaseOf(await leader!.lead(name, LONG_MS))
      const waiting = waiter!.wait(name, lease.generation, staying())
      await lease.release()
      expect(await waiting).toBeUndefined()
    })

    it.skipIf(!expiring)(
      'resolves undefined when the holder stops renewing and its lease runs out',
      async () => {
        const [dead, waiter] = await processes(2)
        const name = fresh('expired')
        const lease = leaseOf(await dead!.lead(name, short))
        expect(await waiter!.wait(name, lease.generation, staying())).toBeUndefined()
        expect(await lease.renew()).toBe(false)
      },
    )

    it('a wait for a flight replaced by a newer one resolves undefined: lead says whom to follow', async () => {
      const [a, b, c] = await processes(3)
      const name = fresh('replaced')
      const first = leaseOf(await a!.lead(name, LONG_MS))
      await first.release()
      const second = leaseOf(await b!.lead(name, LONG_MS))
      expect(await c!.wait(name, first.generation, staying())).toBeUndefined()
      expect(await c!.lead(name, LONG_MS, first.generation)).toEqual({
        following: second.generation,
      })
      await second.release()
    })

    it('rejects with the reason when its signal aborts', async () => {
      const [leader, waiter] = await processes(2)
      const name = fresh('aborted')
      const lease = leaseOf(await leader!.lead(name, LONG_MS))
      const controller = new AbortController()
      const waiting = waiter!.wait(name, lease.generation, controller.signal)
      controller.abort(new Error('caller left'))
      await expect(waiting).rejects.toThrow('caller left')
      const gone = new AbortController()
      gone.abort(new Error('already gone'))
      await expect(waiter!.wait(name, lease.generation, gone.signal)).rejects.toThrow(
        'already gone',
      )
      await lease.release()
    })
  })

  describe('names', () => {
    it('names that differ in braces, colons, percent signs or Unicode never share a flight', async () => {
      const [a, b] = await processes(2)
      const suffixes = [
        'a',
        'a:b',
        'a{b}',
        '{a}b',
        'a}b{',
        'a%7Bb%7D',
        'a%257Bb',
        'a{b',
        '\u00e9',
        'e\u0301',
        '😀',
        '3:app:x:k',
        '5:app:x:k',
        'a b',
        'a\nb',
      ]
      const base = fresh('names')
      const names = suffixes.map((suffix) => `${base}${suffix}`)
      const leases = await Promise.all(
        names.map(async (name) => leaseOf(await a!.lead(name, LONG_MS))),
      )
      await Promise.all(leases.map((lease, i) => lease.publish(bytesOf(`value ${i}`), LONG_MS)))
      const read = await Promise.all(
        names.map((name, i) => b!.wait(name, leases[i]!.generation, staying())),
      )
      expect(read.map(textOf)).toEqual(names.map((_, i) => `value ${i}`))
    })
  })
}
