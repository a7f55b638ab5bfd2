// A provider whose `value` changes identity makes every hook below load and
// fetch again (each instance has its own keys): in development it warns once,
// with what to do. A stable instance never warns.
import { render, screen } from '@testing-library/react'
import { useState } from 'react'
import { SharedCall } from 'shared-call'
import { SharedCallProvider } from 'shared-call/react'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { controlledFetcher, Probe, passGraceTick, settle, useFakeTimeouts } from './harness'

// setup.ts fails a test on any warning: these tests count them instead.
const warnings: unknown[][] = []
const setupWarn = vi.mocked(console.warn).getMockImplementation()!
vi.mocked(console.warn).mockImplementation((...args) => void warnings.push(args))
afterEach(() => {
  warnings.length = 0
})
// Back to setup.ts's check once this file is done.
afterAll(() => vi.mocked(console.warn).mockImplementation(setupWarn))

const names = Array.from({ length: 50 }, (_, i) => `c${i}`)

/** 50 components of one key under a provider whose value is `instance()`; `onBump`'s function re-renders it. */
function Parent(props: {
  instance: () => SharedCall
  fetcher: (signal: AbortSignal) => Promise<string>
  onBump: (bump: () => void) => void
}) {
  const [, setCount] = useState(0)
  props.onBump(() => setCount((n) => n + 1))
  return (
    <SharedCallProvider value={props.instance()}>
      {names.map((name) => (
        <Probe key={name} name={name} id="user" fetcher={props.fetcher} />
      ))}
    </SharedCallProvider>
  )
}

const renderParent = (instance: () => SharedCall) => {
  const { fetcher, calls } = controlledFetcher()
  let bump = () => {}
  render(<Parent instance={instance} fetcher={fetcher} onBump={(b) => (bump = b)} />)
  return { fetcher, calls, bump: () => settle(() => bump()) }
}

describe("SharedCallProvider's value", () => {
  // First: the once-per-process warning has not been given yet.
  it('warns in development only: a production build has no check at all', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const { calls, bump } = renderParent(() => new SharedCall())
      await settle(() => calls[0]!.resolve('Ada'))
      await bump()
      expect(warnings).toEqual([])
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('made in render: the warning comes once, says what to do, and names the cost', async () => {
    useFakeTimeouts()
    const { fetcher, calls, bump } = renderParent(() => new SharedCall())
    await settle(() => calls[0]!.resolve('Ada'))
    expect(warnings).toEqual([])

    await bump()
    // What the issue saw: every component loading again, and a second fetch.
    expect(screen.getByTestId('c49').textContent).toBe('c49: loading')
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(warnings).toHaveLength(1)
    expect(String(warnings[0]![0])).toMatch(
      /^shared-call: the SharedCallProvider value changed to another SharedCall while hooks below showed data .*useState\(\(\) => new SharedCall\(\)\)/,
    )
    passGraceTick()
    await settle(() => calls[1]!.resolve('Ada'))
    await bump()
    passGraceTick()
    // Once per process: a warning per render would drown the console.
    expect(warnings).toHaveLength(1)
  })

  it('a stable instance never warns, however often the parent re-renders', async () => {
    const shared = new SharedCall()
    const { fetcher, calls, bump } = renderParent(() => shared)
    await settle(() => calls[0]!.resolve('Ada'))
    await bump()
    await bump()
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(screen.getByTestId('c0').textContent).toBe('c0: data=Ada')
    expect(warnings).toEqual([])
  })
})
