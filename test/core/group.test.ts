import ts from 'typescript'
import { describe, expect, it, vi } from 'vitest'
import { SharedCall } from '../../src/core/index'
import { deferred } from '../support/deferred'

describe('group', () => {
  it('coalesces calls with equal arguments (the README quickstart)', async () => {
    const shared = new SharedCall()
    const db = { user: vi.fn(async (id: number) => ({ id, name: `User ${id}` })) }
    const getUser = shared.group(async (id: number) => db.user(id))
    const users = await Promise.all(Array.from({ length: 100 }, () => getUser(42)))
    expect(db.user).toHaveBeenCalledTimes(1)
    expect(users[99]).toEqual({ id: 42, name: 'User 42' })
    expect(shared.getStats()).toEqual({
      hits: 99,
      misses: 1,
      passes: 0,
      errors: 0,
      active: 0,
      remoteHits: 0,
      hitRate: 0.99,
    })
  })

  it('keeps different arguments apart, with object key order ignored', async () => {
    const shared = new SharedCall()
    const gate = deferred()
    const search = vi.fn(async (query: { q: string; page?: number }) => {
      await gate.promise
      return query
    })
    const grouped = shared.group(search)
    const calls = [
      grouped({ q: 'a', page: 1 }),
      grouped({ page: 1, q: 'a' }),
      grouped({ q: 'a', page: 2 }),
      grouped({ q: 'a' }),
    ]
    gate.resolve()
    await Promise.all(calls)
    expect(search).toHaveBeenCalledTimes(3)
  })

  it('never lets two functions share a key, even with the same name and arguments', async () => {
    const shared = new SharedCall()
    const gate = deferred()
    const load = async () => {
      await gate.promise
      return 'a'
    }
    const a = shared.group(load)
    const b = shared.group(async function load() {
      await gate.promise
      return 'b'
    })
    const calls = Promise.all([a(), b()])
    gate.resolve()
    expect(await calls).toEqual(['a', 'b'])
  })

  it('uses a custom key function, for arguments that cannot be encoded', async () => {
    const shared = new SharedCall()
    const gate = deferred()
    const work = vi.fn(async (client: { id: string; send: () => void }) => {
      await gate.promise
      return client.id
    })
    const grouped = shared.group(work, { key: (client) => client.id })
    const send = () => {}
    const calls = [grouped({ id: 'x', send }), grouped({ id: 'x', send: () => {} })]
    gate.resolve()
    expect(await Promise.all(calls)).toEqual(['x', 'x'])
    expect(work).toHaveBeenCalledTimes(1)
  })

  it('raises a TypeError that says to pass a key function for unencodable arguments', () => {
    const shared = new SharedCall()
    const grouped = shared.group(async (_: unknown) => 1)
    expect(() => grouped(() => {})).toThrow(TypeError)
    expect(() => grouped(Symbol('s'))).toThrow(/else pass group a `key` function\), got a symbol$/)
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(() => grouped(circular)).toThrow(/free of cycles/)
  })

  it('passes this and the arguments through', async () => {
    const shared = new SharedCall()
    const counter = {
      base: 10,
      add: shared.group(async function (this: { base: number }, n: number) {
        return this.base + n
      }),
    }
    expect(await counter.add(5)).toBe(15)
  })
})

/** The two decorator styles a TypeScript user may compile with. */
const modes = [
  { name: 'standard (TC39) decorators', options: {} },
  { name: 'experimentalDecorators', options: { experimentalDecorators: true } },
  {
    name: 'experimentalDecorators with emitDecoratorMetadata',
    options: { experimentalDecorators: true, emitDecoratorMetadata: true },
  },
] satisfies { name: string; options: ts.CompilerOptions }[]

describe.each(modes)(
  'group as a method decorator, $name (compiled by TypeScript itself)',
  ({ options }) => {
    // Vite's transform leaves decorators as they are, so compile with TypeScript
    // exactly as a user's build would, then run the output.
    const compile = (source: string) => {
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.None,
          ...options,
        },
      })
      return new Function('shared', `${outputText}\nreturn Repo`)
    }

    const source = `
    class Repo {
      name: string
      calls = 0
      constructor(name: string) { this.name = name }
      @shared.group
      async find(id: number) { this.calls++; await shared.gate; return this.name + ':' + id }
      @shared.group({ key: (id: string) => String(id).toLowerCase() })
      async byName(id: string) { this.calls++; await shared.gate; return this.name + '/' + id }
      @shared.group()
      static async count(table: string) { Repo.counted++; await shared.gate; return table.length }
      static counted = 0
    }`

    const setup = () => {
      const shared = new SharedCall() as SharedCall & { gate?: Promise<void> }
      const gate = deferred()
      shared.gate = gate.promise
      const Repo = compile(source)(shared)
      return { shared, gate, Repo }
    }

    it('coalesces per instance and per arguments', async () => {
      const { shared, gate, Repo } = setup()
      const a = new Repo('a')
      const b = new Repo('b')
      const calls = Promise.all([a.find(1), a.find(1), a.find(2), b.find(1)])
      gate.resolve()
      expect(await calls).toEqual(['a:1', 'a:1', 'a:2', 'b:1'])
      expect(a.calls).toBe(2)
      expect(b.calls).toBe(1)
      expect(shared.getStats()).toMatchObject({ misses: 3, hits: 1 })
    })

    it('accepts options with a key function', async () => {
      const { gate, Repo } = setup()
      const repo = new Repo('r')
      const calls = Promise.all([repo.byName('X'), repo.byName('x')])
      gate.resolve()
      expect(await calls).toEqual(['r/X', 'r/X'])
      expect(repo.calls).toBe(1)
    })

    it('decorates static methods, keyed per class', async () => {
      const { gate, Repo } = setup()
      const calls = Promise.all([Repo.count('users'), Repo.count('users'), Repo.count('t')])
      gate.resolve()
      expect(await calls).toEqual([5, 5, 1])
      expect(Repo.counted).toBe(2)
    })

    it('rejects a field, naming the fix', () => {
      const shared = new SharedCall()
      const fieldSource = 'class Repo { @shared.group find = () => 1 }'
      expect(() => new (compile(fieldSource)(shared))()).toThrow(
        /^shared-call: @shared.group must be used on a class method, got "field"$/,
      )
    })
  },
)

describe('group as a decorator, called by hand', () => {
  it('tells a standard context from legacy arguments', async () => {
    const shared = new SharedCall()
    const find = vi.fn(async (id: number) => id)
    const standard = shared.group(find, {
      kind: 'method',
      name: 'find',
    } as unknown as ClassMethodDecoratorContext)
    const legacy = shared.group({}, 'find', { value: find, writable: true }) as unknown as {
      value: typeof find
    }
    expect(await standard(1)).toBe(1)
    expect(await legacy.value(2)).toBe(2)
  })

  it('rejects a standard context that is not a method', () => {
    const shared = new SharedCall()
    const field = { kind: 'field', name: 'x' } as unknown as ClassMethodDecoratorContext
    expect(() => shared.group(() => 1, field as never)).toThrow(
      'shared-call: @shared.group must be used on a class method, got "field"',
    )
  })

  it('rejects a legacy accessor', () => {
    const shared = new SharedCall()
    expect(() => shared.group({}, 'x', { get: () => 1 })).toThrow(
      'shared-call: @shared.group must be used on a class method, got "accessor"',
    )
  })
})
