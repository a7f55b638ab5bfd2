import { SharedCall } from 'shared-call'
import { describe, expect, it, vi } from 'vitest'
import { entryOf, listen, showData, storeOf, update } from '../../src/react/key-store'

describe('key store', () => {
  it('wakes the components of a key once per change, not once per component answering', () => {
    const entry = entryOf(storeOf(new SharedCall()), 'k', 'k')
    const listeners = Array.from({ length: 1000 }, () => vi.fn())
    for (const listener of listeners) listen(entry, listener)
    const answer = { id: 1 }
    // Each of the 1000 components' calls receives the same answer and shows it.
    for (let i = 0; i < 1000; i++) showData(entry, answer)
    const wakes = listeners.reduce((sum, listener) => sum + listener.mock.calls.length, 0)
    expect(wakes).toBe(1000)
    expect(entry.state.data).toBe(answer)
  })

  it('still wakes them for a real change', () => {
    const entry = entryOf(storeOf(new SharedCall()), 'k', 'k')
    const listener = vi.fn()
    listen(entry, listener)
    update(entry, { isValidating: true })
    update(entry, { isValidating: false })
    update(entry, { isValidating: false })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('keeps one store per instance, so two providers never mix their keys', () => {
    const one = new SharedCall()
    expect(storeOf(one)).toBe(storeOf(one))
    expect(storeOf(one)).not.toBe(storeOf(new SharedCall()))
  })
})
