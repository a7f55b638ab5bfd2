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
    expect(() => grouped(Symbol('s'))).toThrow(/pass a `key` function/)
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(() => grouped(circular)).toThrow(/circular/)
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

describe('group as a TC39 method decorator (compiled by TypeScript itself)', () => {
  // Vite's transform leaves decorators as they are, so compile with TypeScript
  // exactly as a user's build would, then run the output.
  const compile = (source: string) => {
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
    })
    return new Function('shared', `${outputText}\nreturn Repo`)
  }

  const source = `
    class Repo {
      constructor(name) { this.name = name; this.calls = 0 }
      @shared.group
      async find(id) { this.calls++; await shared.gate; return this.name + ':' + id }
      @shared.group({ key: (id) => String(id).toLowerCase() })
      async byName(id) { this.calls++; await shared.gate; return this.name + '/' + id }
    }`

  it('coalesces per instance and per arguments', async () => {
    const shared = new SharedCall() as SharedCall & { gate?: Promise<void> }
    const gate = deferred()
    shared.gate = gate.promise
    const Repo = compile(source)(shared)
    const a = new Repo('a')
    const b = new Repo('b')
    const calls = Promise.all([a.find(1), a.find(1), a.find(2), b.find(1)])
    gate.resolve()
    expect(await calls).toEqual(['a:1', 'a:1', 'a:2', 'b:1'])
    expect(a.calls).toBe(2)
    expect(b.calls).toBe(1)
  })

  it('accepts options with a key function', async () => {
    const shared = new SharedCall() as SharedCall & { gate?: Promise<void> }
    const gate = deferred()
    shared.gate = gate.promise
    const Repo = compile(source)(shared)
    const repo = new Repo('r')
    const calls = Promise.all([repo.byName('X'), repo.byName('x')])
    gate.resolve()
    expect(await calls).toEqual(['r/X', 'r/X'])
    expect(repo.calls).toBe(1)
  })

  it('rejects use on something that is not a method', () => {
    const shared = new SharedCall()
    const field = { kind: 'field', name: 'x' } as unknown as ClassMethodDecoratorContext
    expect(() => shared.group(() => 1, field as never)).toThrow(/methods only/)
  })
})
