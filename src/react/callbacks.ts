import type { KeyEntry, Member, Run } from './key-store'
import type { Options } from './options'
import { wants } from './retry'

type Event = 'onSuccess' | 'onError' | 'onErrorRetry' | 'onLoadingSlow' | 'onDiscarded'

/**
 * The key's first mounted component (in mount order, leaving ones aside)
 * whose latest options have `name`. Events are the key's, not each
 * component's: one fetch for 1000 components is one `onSuccess`, as in SWR,
 * and a component without the callback never hides the one that has it.
 */
export const first = (entry: KeyEntry, name: keyof Options): Member | undefined => {
  for (const member of entry.members)
    if (member.away === undefined && member.options[name]) return member
}

/**
 * Calls the key's callback `name` once, with `args`, the key (as the core
 * sees it) and the options of the component it belongs to. Returns whether
 * a component had one.
 */
export const emit = (entry: KeyEntry, name: Event, ...args: unknown[]): boolean => {
  const member = first(entry, name)
  ;(member?.options[name] as ((...all: unknown[]) => void) | undefined)?.(
    ...args,
    entry.id,
    member!.options,
  )
  return !!member
}

/**
 * Tells `onSuccess` or `onError` of `run`'s answer, unless it was told
 * already: the answer of a fetch started by a suspended render comes before
 * any component of the key has mounted, so the first one to mount hears it.
 */
export const tell = (entry: KeyEntry, run: Run | undefined, value: unknown, failed?: boolean) => {
  if (run && !run.told) run.told = emit(entry, failed ? 'onError' : 'onSuccess', value)
}

/**
 * Hands a failure to the key's `onErrorRetry`, if a component has one (and
 * its `shouldRetryOnError` allows a retry): its own policy replaces the
 * built-in backoff. Returns whether a component had one.
 */
export const retryBy = (entry: KeyEntry, error: unknown, again: () => void): boolean => {
  const member = first(entry, 'onErrorRetry')
  if (member && wants(member.options, error))
    member.options.onErrorRetry!(error, entry.id, member.options, again, {
      retryCount: ++entry.retries,
    })
  return !!member
}

/**
 * Arms `onLoadingSlow` for `run`, a fetch of a key with nothing to show:
 * called once, `loadingTimeout` ms from now, if the fetch still runs.
 */
export const watchSlow = (entry: KeyEntry, run: Run): void => {
  const member = first(entry, 'onLoadingSlow')
  if (member)
    setTimeout(
      () => run === entry.run && emit(entry, 'onLoadingSlow'),
      member.options.loadingTimeout ?? 3000,
    )
}

/**
 * Drops the fetch the key waits for (a `mutate` or a newer fetch replaces
 * it), telling `onDiscarded`; the core forgets its flight and any answer it
 * keeps for `shareFor`, so the next fetch is a new one.
 */
export const discard = (entry: KeyEntry): void => {
  entry.store.shared.forget(entry.id)
  if (entry.run) emit(entry, 'onDiscarded')
  entry.run = entry.pending = undefined
}

/**
 * `discard`, and every component of the key leaves the dropped fetch, which
 * then aborts unless another caller still waits for it (a `mutate`, an
 * `unload`: nothing the key shows may come from it now).
 */
export const abandon = (entry: KeyEntry): void => {
  discard(entry)
  for (const member of entry.members) member.controller?.abort()
}
