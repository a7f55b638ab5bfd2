let last = 0
const ids = new WeakMap<object, number>()

/**
 * A number that stands for `object` as long as it lives, for keys that must
 * tell objects apart by identity (the receiver of a decorated method, a
 * fetch dispatcher). Held weakly: an object that goes leaves nothing behind.
 */
export const identityOf = (object: object): number => {
  let id = ids.get(object)
  if (id === undefined) {
    id = ++last
    ids.set(object, id)
  }
  return id
}
