// `shared-call/react` under the `react-server` condition (src/react/server.ts):
// what a React Server Component gets. test/apps/next.test.ts proves it in a
// real `next build`; here, each export, against the client entry's.
import * as clientEntry from 'shared-call/react'
import { describe, expect, it } from 'vitest'
import * as serverEntry from '../../src/react/server'

// Plain objects of each entry's exports, to look them up by name.
const server: Record<string, unknown> = { ...serverEntry }
const client: Record<string, unknown> = { ...clientEntry }

const clientOnly = {
  useSharedCall: 'pass server data through `<SharedCallProvider fallback>`',
  useSharedCallStats: 'render its numbers there',
  useSharedCallInstance: 'pass server data through `<SharedCallProvider fallback>`',
  mutate: 'call it from an event handler or an effect',
  preload: 'fetch on the server and pass server data through `<SharedCallProvider fallback>`',
  useSharedCallConfig: 'pass server data through `<SharedCallProvider fallback>`',
} as const

describe('the react-server entry', () => {
  it('exports every name the client entry exports, and no other', () => {
    expect(Object.keys(server).sort()).toEqual(Object.keys(client).sort())
  })

  it.each(Object.entries(clientOnly))(
    '%s throws a message that says what to do',
    (name, instead) => {
      const call = server[name] as () => never
      expect(call).toThrow(
        `shared-call: ${name} runs in client components: move it into a file with 'use client', and ${instead}`,
      )
    },
  )

  it('re-exports everything else from the client entry, as it is (client references in an RSC bundler)', () => {
    const rest = Object.keys(client).filter((name) => !(name in clientOnly))
    expect(rest).toContain('SharedCallProvider')
    for (const name of rest) {
      expect(server[name], name).toBe(client[name])
    }
  })
})
