// Issue 21.2: a misspelt option is a TypeError that names it and the known
// option it was probably meant to be, in the one format, in every entry of
// the core. (The React, Hono and coordinator entries have theirs in their
// own folders.)
import { describe, expect, it, vi } from 'vitest'
import { unknownOption } from '../../src/core/check'
import { encodeKey, SharedCall, sharedFetch } from '../../src/core/index'
import { OPTIONS, RUN_OPTIONS } from '../../src/core/shared-call'
import { startServer } from './http-server'

const work = async () => 1

describe('unknownOption: the message, and the known option it suggests', () => {
  const known = ['timeout', 'shareFor', 'coordinator', 'namespace']
  const message = (name: string) => {
    try {
      unknownOption('SharedCall options', known, name, 100)
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError)
      return (error as Error).message
    }
    throw new Error('unknownOption returned')
  }

  it.each([
    ['timeOut', 'timeout'],
    ['TIMEOUT', 'timeout'],
    ['timout', 'timeout'],
    ['tmeout', 'timeout'],
    ['timeouts', 'timeout'],
    ['shareFro', 'shareFor'],
    ['sharefor', 'shareFor'],
    ['coordinater', 'coordinator'],
    ['namespce', 'namespace'],
  ])('%s: did you mean `%s`?', (name, meant) => {
    expect(message(name)).toBe(
      `shared-call: SharedCall options.${name} must be a known option (did you mean \`${meant}\`?), got 100`,
    )
  })

  it('lists every known option when none starts like it', () => {
    expect(message('retries')).toBe(
      'shared-call: SharedCall options.retries must be a known option (one of timeout, shareFor, coordinator, namespace), got 100',
    )
    // A letter or two in common is not a resemblance.
    expect(message('signal')).toContain('(one of timeout, shareFor, coordinator, namespace)')
    expect(message('size')).toContain('(one of timeout, shareFor, coordinator, namespace)')
  })
})

describe('new SharedCall(options)', () => {
  it('a misspelt option is a TypeError that names it and the one meant', () => {
    expect(() => new SharedCall({ timeOut: 100 } as never)).toThrow(
      new TypeError(
        'shared-call: SharedCall options.timeOut must be a known option (did you mean `timeout`?), got 100',
      ),
    )
    expect(() => new SharedCall({ namespace: 'shop', sharefor: 50 } as never)).toThrow(
      'shared-call: SharedCall options.sharefor must be a known option (did you mean `shareFor`?), got 50',
    )
  })

  it('an unknown option is a mistake even when its value is undefined', () => {
    expect(() => new SharedCall({ timeOut: undefined } as never)).toThrow(
      'SharedCall options.timeOut must be a known option (did you mean `timeout`?), got undefined',
    )
  })

  it('takes every option it documents', () => {
    const coordinator = { coordinate: <T>(_: string, run: T) => run }
    const values = { timeout: 5, shareFor: 5, coordinator, namespace: 'shop' }
    expect(Object.keys(values).sort()).toEqual([...OPTIONS].sort())
    expect(() => new SharedCall(values)).not.toThrow()
  })
})

describe('run and join options', () => {
  it('a misspelt option throws before anything starts', () => {
    const shared = new SharedCall()
    const fn = vi.fn(work)
    const signal = new AbortController().signal
    expect(() => shared.run('k', fn, { sigal: signal } as never)).toThrow(
      'shared-call: run options.sigal must be a known option (did you mean `signal`?), got an AbortSignal',
    )
    expect(() => shared.join('k', fn, { timeOut: 5 } as never)).toThrow(
      'shared-call: run options.timeOut must be a known option (did you mean `timeout`?), got 5',
    )
    expect(fn).not.toHaveBeenCalled()
    expect(shared.size).toBe(0)
    expect(shared.getStats().misses).toBe(0)
  })

  it('a misspelt option throws even when the signal has already aborted', () => {
    expect(() =>
      new SharedCall().run('k', work, { signal: AbortSignal.abort(), timeOut: 5 } as never),
    ).toThrow(
      'shared-call: run options.timeOut must be a known option (did you mean `timeout`?), got 5',
    )
  })

  it('takes every option it documents', async () => {
    const values = { signal: new AbortController().signal, timeout: 5, shareFor: 5 }
    expect(Object.keys(values).sort()).toEqual([...RUN_OPTIONS].sort())
    await expect(new SharedCall().run('k', work, values)).resolves.toBe(1)
  })
})

describe('group options', () => {
  const shared = new SharedCall()

  it('a misspelt option of a wrapped function names `key`', () => {
    expect(() => shared.group(work, { kee: () => 'k' } as never)).toThrow(
      'shared-call: group options.kee must be a known option (did you mean `key`?), got a function',
    )
  })

  it('a misspelt option of the decorator names `key` where it is written', () => {
    expect(() => shared.group({ keys: () => 'k' } as never)).toThrow(
      'shared-call: group options.keys must be a known option (did you mean `key`?), got a function',
    )
  })
})

describe('a key part that cannot be encoded: what to do depends on who asked', () => {
  const PART =
    'a key part must be a string, number, bigint, boolean, null, undefined, array, plain object, Date, Map, Set or object with toJSON'

  it('group, which has a `key` option, says to pass it', () => {
    const grouped = new SharedCall().group(async (_: unknown) => 1)
    expect(() => grouped(() => 1)).toThrow(
      `shared-call: ${PART} (else pass group a \`key\` function), got a function`,
    )
  })

  it('encodeKey, which has none, says to put an id in the key', () => {
    expect(() => encodeKey(['user', () => 1])).toThrow(
      `shared-call: ${PART} (put an id in the key instead), got a function`,
    )
    const cycle: unknown[] = []
    cycle.push(cycle)
    expect(() => encodeKey(cycle)).toThrow(
      'shared-call: a key part must be free of cycles (put an id in the key instead), got an array',
    )
  })
})

describe('sharedFetch', () => {
  it("takes fetch's own fields and a runtime's, which it does not own", async () => {
    const server = await startServer((_, res) => {
      res.end('ok')
    })
    server.open()
    try {
      // `priority` is RequestInit's; `dispatcher` (Node), `cf` (Workers) and
      // `client` (Deno) are a runtime's own: fetch's, not ours to refuse.
      const init = { priority: 'high', keepalive: false, cf: { cacheTtl: 5 } } as RequestInit
      const response = await sharedFetch(server.url('/'), init)
      expect(await response.text()).toBe('ok')
    } finally {
      await server.close()
    }
  })
})
