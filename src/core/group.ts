import { checkFunction, checkObject, fail } from './check'
import { identityOf } from './identity'
import { encodeKey } from './key'

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

/** Runs `fn` under `key`, as `SharedCall.run` does for a grouped call. */
export type RunGrouped = (
  key: string,
  fn: Method<unknown, unknown[], unknown>,
  self: unknown,
  args: unknown[],
) => Promise<unknown>

let groups = 0

/** A decorated method coalesces per receiver: per instance, or per class for a static one. */
const receiverId = (self: unknown): number | string =>
  (typeof self === 'object' && self !== null) || typeof self === 'function' ? identityOf(self) : ''

/** The `key` option, checked. */
const keyFunction = (options: unknown) =>
  checkFunction(
    checkObject(options as GroupOptions | undefined, 'group options')?.key,
    'group key',
    '(...args) => key',
  )

/** Wraps `fn` under a new id; a decorated method keys per receiver too. */
const wrap = (
  run: RunGrouped,
  fn: Method<unknown, unknown[], unknown>,
  keyOf: ((...args: unknown[]) => unknown) | undefined,
  perReceiver: boolean,
) => {
  const prefix = `\0${++groups}:`
  return function grouped(this: unknown, ...args: unknown[]) {
    const derived = keyOf ? keyOf.apply(this, args) : args
    const key = `${prefix}${perReceiver ? receiverId(this) : ''}:${typeof derived === 'string' ? derived : encodeKey(derived)}`
    return run(key, fn, this, args)
  }
}

/** Is `(first, second, …count arguments)` a decorator applied to a class member? */
export const isDecoration = (first: unknown, second: unknown, count: number): boolean =>
  // Standard: (method, context), and every context has a kind (a field's
  // decorator gets undefined for the method).
  (typeof second === 'object' && second !== null && 'kind' in second) ||
  // Legacy: (prototype or class, member name, descriptor or undefined).
  (count === 3 &&
    (typeof first === 'object' || typeof first === 'function') &&
    (typeof second === 'string' || typeof second === 'symbol'))

const notAMethod = (kind: unknown): never => fail('@shared.group', 'used on a class method', kind)

/** Applies `@shared.group` with `options` to a class member, in either decorator style. */
export const decorate = (
  run: RunGrouped,
  options: unknown,
  first: unknown,
  second: unknown,
  third: unknown,
): unknown => {
  const keyOf = keyFunction(options)
  if (typeof second === 'object' && second !== null) {
    const { kind } = second as DecoratorContext
    if (kind !== 'method') notAMethod(kind)
    return wrap(run, first as Method<unknown, unknown[], unknown>, keyOf, true)
  }
  // experimentalDecorators: return the descriptor to define, with the wrapped method.
  const descriptor = third as PropertyDescriptor | undefined
  if (typeof descriptor?.value !== 'function') notAMethod(descriptor ? 'accessor' : 'field')
  return { ...descriptor, value: wrap(run, descriptor?.value, keyOf, true) }
}

/**
 * `shared.group(fn, options)` wraps a function; `shared.group(options)` and
 * `shared.group()` make a decorator. Anything else is a mistake.
 */
export const group = (run: RunGrouped, first: unknown, second: unknown): unknown => {
  if (typeof first === 'function')
    return wrap(run, first as Method<unknown, unknown[], unknown>, keyFunction(second), false)
  if (first !== undefined && (typeof first !== 'object' || first === null))
    fail(
      "group's first argument",
      'a function to wrap, or options { key } for @shared.group(options)',
      first,
    )
  // Checked now, so a bad option fails where it is written.
  keyFunction(first)
  return (...args: unknown[]) => {
    const [a, b, c] = args
    if (!isDecoration(a, b, args.length)) notAMethod(a)
    return decorate(run, first, a, b, c)
  }
}
