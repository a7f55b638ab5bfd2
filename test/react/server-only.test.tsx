// @vitest-environment node
// On a real server (no window, unlike jsdom's renderToString): preload does
// nothing, and suspense without data says what to do.

import { Writable } from 'node:stream'
import { Component, type ReactNode, Suspense } from 'react'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { SharedCall } from 'shared-call'
import { preload, SharedCallProvider, useSharedCall } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { storeOf } from '../../src/react/key-store'

function Name({ id }: { id: string }) {
  const { data } = useSharedCall(['user', id], async () => 'Ada', { suspense: true })
  return <p>{data}</p>
}

class Boundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {}
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    return this.state.error === undefined ? this.props.children : <p>{String(this.state.error)}</p>
  }
}

describe('on a server', () => {
  it('runs without a window', () => {
    expect(typeof window).toBe('undefined')
  })

  it('preload does nothing: no fetch, no data kept in the process-wide instance', async () => {
    const shared = new SharedCall()
    const fetcher = vi.fn(async () => 'data')
    await expect(preload(shared, 'k', fetcher)).resolves.toBeUndefined()
    await expect(preload('k', fetcher)).resolves.toBeUndefined()
    expect(fetcher).not.toHaveBeenCalled()
    expect(storeOf(shared).entries.size).toBe(0)
    // Its arguments are still checked.
    expect(() => preload(shared, 'k', 'no' as never)).toThrow(TypeError)
  })

  it('suspense with no data for the key throws a TypeError that says what to give it', () => {
    expect(() => renderToString(<Name id="1" />)).toThrow(
      new TypeError(
        'shared-call: the data of "[\\"user\\",\\"1\\"]" on a server (suspense: true) must be given (fallback or fallbackData), got undefined',
      ),
    )
  })

  it('in a streaming render, that error makes the client render the boundary', async () => {
    const errors: unknown[] = []
    const html = await new Promise<string>((resolve, reject) => {
      const { pipe } = renderToPipeableStream(
        <Suspense fallback={<p>loading on the client</p>}>
          <Name id="1" />
        </Suspense>,
        {
          onError: (error) => void errors.push(error),
          onAllReady: () => {
            let out = ''
            pipe(
              new Writable({
                write(chunk: Buffer, _: string, done: () => void) {
                  out += chunk
                  done()
                },
                final(done: () => void) {
                  resolve(out)
                  done()
                },
              }),
            )
          },
          onShellError: reject,
        },
      )
    })
    expect(html).toContain('loading on the client')
    expect(String(errors[0])).toContain('on a server (suspense: true) must be given')
  })

  it('suspense with fallback data renders it', () => {
    const html = renderToString(
      <SharedCallProvider fallback={{ '["user","1"]': 'Ada' }}>
        <Boundary>
          <Name id="1" />
        </Boundary>
      </SharedCallProvider>,
    )
    expect(html).toBe('<p>Ada</p>')
  })
})
