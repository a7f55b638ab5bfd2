import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SharedCall } from '../../src/core/index'
import { type Deferred, deferred, flushMicrotasks } from '../support/deferred'

// Random runs of calls, forgets and settles on two keys, checked against a
// model that alone decides what each call must do: join the flight the key
// holds, or start one. The kinds of call make every kind of flight (a bare
// promise for a first caller without a signal, a Flight for the others)
// and their mixes; `forget` detaches running flights of both kinds.

const key = fc.constantFrom('a', 'b')
const ops = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant('call' as const),
        key,
        kind: fc.constantFrom('plain' as const, 'staying' as const, 'leaving' as const),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('forget' as const), key }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('forgetAll' as const) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('settle' as const),
        pick: fc.nat(),
        ok: fc.boolean(),
      }),
    },
  ),
  { maxLength: 40 },
)

// A flight of each kind, forgotten while it runs, settles after a new one
// took its key: the new one must stay (random runs rarely hit this order).
type Step = typeof ops extends fc.Arbitrary<(infer S)[]> ? S : never
type Kind = 'plain' | 'staying'
const forgetThenSettle: [Step[]][] = (['plain', 'staying'] as Kind[]).flatMap((first) =>
  (['plain', 'staying'] as Kind[]).map((next): [Step[]] => [
    [
      { op: 'call', key: 'a', kind: first },
      { op: 'forget', key: 'a' },
      { op: 'call', key: 'a', kind: next },
      { op: 'settle', pick: 0, ok: true },
      { op: 'call', key: 'a', kind: 'plain' },
    ],
  ]),
)

interface ModelFlight {
  id: number
  key: string
  gate: Deferred<string>
  settled: boolean
  /** A caller without a signal joined: nobody leaving can abort it. */
  pinned: boolean
  /** Callers with a signal that never leave. */
  staying: number
  aborted: boolean
}

describe('a model of flights, forget and settle', () => {
  it('every call joins the flight the model says, or starts one; results never cross', async () => {
    await fc.assert(
      fc.asyncProperty(ops, async (run) => {
        const shared = new SharedCall()
        const flights: ModelFlight[] = []
        const current = new Map<string, ModelFlight>()
        const calls: { flight: ModelFlight; result: Promise<string>; left?: unknown }[] = []
        for (const step of run) {
          if (step.op === 'call') {
            const expected = current.get(step.key)
            let started: ModelFlight | undefined
            const work = () => {
              started = {
                id: flights.length,
                key: step.key,
                gate: deferred<string>(),
                settled: false,
                pinned: false,
                staying: 0,
                aborted: false,
              }
              flights.push(started)
              return started.gate.promise
            }
            const controller = new AbortController()
            const options = step.kind === 'plain' ? undefined : { signal: controller.signal }
            const result = shared.run(step.key, work, options)
            result.catch(() => {})
            if (expected) expect(started).toBeUndefined()
            else expect(started).toBeDefined()
            const flight = (expected ?? started) as ModelFlight
            current.set(step.key, flight)
            if (step.kind === 'plain') flight.pinned = true
            if (step.kind === 'staying') flight.staying++
            if (step.kind === 'leaving') {
              const reason = new Error('left')
              controller.abort(reason)
              calls.push({ flight, result, left: reason })
              if (!flight.pinned && flight.staying === 0) {
                flight.aborted = true
                current.delete(step.key)
              }
            } else calls.push({ flight, result })
          } else if (step.op === 'forget') {
            shared.forget(step.key)
            current.delete(step.key)
          } else if (step.op === 'forgetAll') {
            shared.forgetAll()
            current.clear()
          } else {
            const pending = flights.filter((f) => !f.settled)
            const flight = pending[step.pick % Math.max(pending.length, 1)]
            if (!flight) continue
            flight.settled = true
            if (step.ok) flight.gate.resolve(`flight ${flight.id}`)
            else flight.gate.reject(new Error(`flight ${flight.id} failed`))
            await flushMicrotasks()
            if (current.get(flight.key) === flight) current.delete(flight.key)
          }
        }
        for (const flight of flights)
          if (!flight.settled) flight.gate.resolve(`flight ${flight.id}`)
        for (const { flight, result, left } of calls) {
          const outcome = await result.then(
            (value) => value,
            (error: Error) => error,
          )
          if (left) expect(outcome).toBe(left)
          else if (outcome instanceof Error)
            expect(outcome.message).toBe(`flight ${flight.id} failed`)
          else expect(outcome).toBe(`flight ${flight.id}`)
        }
        expect(shared.getStats()).toMatchObject({ misses: flights.length, active: 0 })
        expect(shared.size).toBe(0)
      }),
      { numRuns: 500, examples: forgetThenSettle },
    )
  })
})
