// For entries that watch a SharedCall from outside (shared-call/otel,
// shared-call/devtools): they wrap the instance's `join`, so the core keeps
// no hook of its own and an instance nobody watches pays nothing. Not
// exported by the core; imported by path, like check.ts.
import type { Joined, RunOptions, SharedCall, Work } from './shared-call'

/** What a wrapper of `join` does for a call; `next` is the `join` it wraps, bound to the instance. */
export type JoinWrapper = <T>(key: string, work: Work<T>, options?: RunOptions) => Joined<T>

/** `run`, as `join` gives it: whatever wraps `join` (now or later) sees these calls too. */
function run<T>(this: SharedCall, key: string, work: Work<T>, options?: RunOptions): Promise<T> {
  return this.join(key, work, options).result
}

/**
 * Puts the wrapper that `wrap(next)` makes in front of `shared.join` (and so
 * of `run`, `group` and `sharedFetch`, which call them), on this instance
 * only. Returns what takes it off: after that the wrapper is skipped, also
 * when something wrapped the instance after it.
 */
export const wrapJoin = (
  shared: SharedCall,
  wrap: (next: SharedCall['join']) => JoinWrapper,
): (() => void) => {
  const own = Object.hasOwn(shared, 'join')
  const original = shared.join
  const next = original.bind(shared) as SharedCall['join']
  const wrapper = wrap(next)
  let on = true
  const join = (<T>(key: string, work: Work<T>, options?: RunOptions) =>
    on ? wrapper(key, work, options) : next(key, work, options)) as SharedCall['join']
  shared.join = join
  shared.run = run
  return () => {
    on = false
    if (shared.join !== join) return
    if (own) shared.join = original
    else {
      // Nothing else wraps it: back to the class's own methods.
      delete (shared as Partial<SharedCall>).join
      delete (shared as Partial<SharedCall>).run
    }
  }
}

/**
 * Calls `passed` before each `shared.pass()` (a call an adapter let through
 * without joining a flight), on this instance only. Returns what takes it
 * off: after that it is skipped, also when something wrapped `pass` after it.
 */
export const wrapPass = (shared: SharedCall, passed: () => void): (() => void) => {
  const own = Object.hasOwn(shared, 'pass')
  const original = shared.pass
  let on = true
  const pass = () => {
    if (on) passed()
    original.call(shared)
  }
  shared.pass = pass
  return () => {
    on = false
    if (shared.pass !== pass) return
    if (own) shared.pass = original
    else delete (shared as Partial<SharedCall>).pass
  }
}
