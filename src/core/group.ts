import { checkFunction, checkKnown, checkObject, fail } from './check'
import { identityOf } from './identity'
import { encodeArgs } from './key'
import type { SharedCall } from './shared-call'

/** Options of `group`. */
export interface GroupOptions<A extends unknown[] = unknown[]> {
  /**
   * Derives the key from the arguments. A string is used as it is; anything
   * else goes through `encodeKey`. Needed when arguments cannot be encoded
   * (functions, class instances, circular objects). The function's own id is
   * always prefixed, so two grouped functions never share a key.
   */
  key?: (...args: A) => unknown
}

/** A function or method, with its `this`. */
export type Method<This, A extends unknown[], R> = (this: This, ...args: A) => R

/**
 * What `@shared.group` and `@shared.group({ key })` are: a method decorator
 * for standard (TC39) decorators and for TypeScript's `experimentalDecorators`
 * alike, told apart by the arguments it is called with.
 */
export interface MethodDecorator {
  /** Standard (TC39) decorators. */
  <This, A extends unknown[], R>(
    method: Method<This, A, R>,
    context: ClassMethodDecoratorContext<This, Method<This, A, R>>,
  ): Method<This, A, Promise<Awaited<R>>>
  /** TypeScript's `experimentalDecorators` (and Babel's legacy decorators). */
  <T>(target: object, name: string | symbol, descriptor: TypedPropertyDescriptor<T>): void
}

type AnyMethod = Method<unknown, unknown[], unknown>
type KeyOf = GroupOptions['key']

let groups = 0

/** Wraps `fn` under a new id; a decorated method keys per receiver (instance, or class if static). */
const wrap = (shared: SharedCall, fn: AnyMethod, keyOf: KeyOf, perReceiver: boolean) => {
  const prefix = `\0${++groups}:`
  return function grouped(this: unknown, ...args: unknown[]) {
    const derived = keyOf ? keyOf.apply(this, args) : args
    const receiver = perReceiver && Object(this) === this ? identityOf(this as object) : ''
    const key = `${prefix}${receiver}:${typeof derived === 'string' ? derived : encodeArgs(derived)}`
    return shared.run(key, () => fn.apply(this, args))
  }
}

/** Every option of `group`. */
export const GROUP_OPTIONS = ['key'] as const satisfies readonly (keyof GroupOptions)[]

/** The `key` option, checked. */
const keyFunction = (options: unknown): KeyOf => {
  const checked = checkObject(options as GroupOptions | undefined, 'group options')
  checkKnown(checked, 'group options', GROUP_OPTIONS)
  return checkFunction(checked?.key, 'group key', '(...args) => key')
}

const notAMethod = (kind: unknown): never => fail('@shared.group', 'used on a class method', kind)

/**
 * Applies `@shared.group` to a class member, if `args` are a decorator's:
 * standard ones pass `(method, context)`, and every context has a kind;
 * `experimentalDecorators` pass `(prototype or class, name, descriptor)`,
 * and return the descriptor to define.
 */
const decorate = (shared: SharedCall, keyOf: KeyOf, args: unknown[]): unknown => {
  const [method, context, descriptor] = args as [AnyMethod, DecoratorContext, PropertyDescriptor?]
  if (args.length > 2) {
    return typeof descriptor?.value === 'function'
      ? { ...descriptor, value: wrap(shared, descriptor.value, keyOf, true) }
      : notAMethod(descriptor ? 'accessor' : 'field')
  }
  if (!('kind' in Object(context))) return notAMethod(method)
  return context.kind === 'method' ? wrap(shared, method, keyOf, true) : notAMethod(context.kind)
}

/**
 * `shared.group(fn, options)` wraps a function; `@shared.group` decorates a
 * method; `shared.group(options)` and `shared.group()` make a decorator.
 * Anything else is a mistake.
 */
export const group = (shared: SharedCall, args: unknown[]): unknown => {
  const [first, second] = args
  if (args.length > 2 || 'kind' in Object(second)) return decorate(shared, undefined, args)
  if (typeof first === 'function')
    return wrap(shared, first as AnyMethod, keyFunction(second), false)
  if (first !== undefined && Object(first) !== first)
    fail(
      "group's first argument",
      'a function to wrap, or options { key } for @shared.group(options)',
      first,
    )
  // Checked now, so that a bad option fails where it is written.
  const keyOf = keyFunction(first)
  return (...args: unknown[]) => decorate(shared, keyOf, args)
}
