import { useEffect, useRef } from 'react'
import type { SharedCall } from 'shared-call'
import { storeOf } from './key-store'

let warned = false

/**
 * Development only (the provider calls it behind `NODE_ENV`): warns once,
 * with what to do, when a provider's `value` changes identity while hooks
 * below show data of the instance it had. Each instance has its own keys, so
 * every hook below loads and fetches again: the mark of `value={new
 * SharedCall()}` written in render, which makes an instance per render.
 */
export const useValueWarning = (value: SharedCall | undefined): void => {
  const previous = useRef(value)
  useEffect(() => {
    const before = previous.current
    previous.current = value
    if (warned || !before || before === value) return
    for (const entry of storeOf(before).entries.values()) {
      // The hooks that showed it are leaving (a tick from now), not gone yet.
      if (entry.members.size && entry.state.data !== undefined) {
        warned = true
        console.warn(
          'shared-call: the SharedCallProvider value changed to another SharedCall while hooks below showed data of the one before: ' +
            'each instance has its own keys, so they all load and fetch again. Make the instance once: at module level, ' +
            'or with useState(() => new SharedCall()) in a client component (a `new SharedCall()` in render makes one per render).',
        )
        return
      }
    }
  })
}
