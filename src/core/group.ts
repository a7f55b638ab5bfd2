import { check, checkBag, fail } from './errors'
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

/** What `@shared.group({ key })` returns: a TC39 method decorator. */
export type MethodDecorator = <This, A extends unknown[], R>(
  method: Method<This, A, R>,
  context: ClassMethodDecoratorContext<This, Method<This, A, R>>,
) => Method<This, A, Promise<Awaited<R>>>

let groups = 0
let instances = 0
const instanceIds = new WeakMap<object, number>()

/** A stable number per object, so a decorated method coalesces per instance. */
const instanceId = (self: unknown): number | string => {
  if (typeof self !== 'object' || self === null) return ''
  let id = instanceIds.get(self)
  if (id === undefined) {
    id = ++instances
    instanceIds.set(self, id)
  }
  return id
}

/**
 * Builds the key function of one grouped function. `second` is either the
 * options of `group(fn, options)` or a decorator context; in the latter case
 * `decoratorOptions` are the options given to `@shared.group(options)`.
 */
export const groupKey = (second: unknown, decoratorOptions?: unknown) => {
  const decorating = typeof second === 'object' && second !== null && 'kind' in second
  if (decorating && second.kind !== 'method') fail('@group decorates class methods only')
  const options = (decorating ? decoratorOptions : second) as GroupOptions | undefined
  const keyOf = checkBag(
    options,
    'group options (as a decorator: TC39, not experimentalDecorators)',
  )?.key
  check(
    keyOf,
    keyOf === undefined || typeof keyOf === 'function',
    'group key',
    'a function (...args) => key',
  )
  const prefix = `\0${++groups}:`
  return (self: unknown, args: unknown[]): string => {
    const derived = keyOf ? keyOf.apply(self, args) : args
    return `${prefix}${decorating ? instanceId(self) : ''}:${typeof derived === 'string' ? derived : encodeKey(derived)}`
  }
}
