import type { Coordination } from 'shared-call'
import { type CoordinatorOptions, defineCoordinator } from 'shared-call/coordinator'
import { check, checkKnown, checkObject, isKeyString } from '../core/check'
import type { Locks } from './locks'
import { tabsSupported } from './support'
import { type TabLeases, tabLeases } from './tab-leases'

/** Options of `tabsCoordinator`. */
export interface TabsCoordinatorOptions extends CoordinatorOptions {
  /**
   * Name of the `BroadcastChannel`, and part of the Web Locks' names. Tabs
   * share flights with the tabs of their origin that use the same name.
   * Default `"shared-call"`.
   */
  channel?: string
}

/** Every option of `tabsCoordinator`: its own and every coordinator's. */
export const OPTIONS = [
  'channel',
  'codec',
  'leaseMs',
  'resultTtlMs',
  'shareErrors',
] as const satisfies readonly (keyof TabsCoordinatorOptions)[]

/**
 * A coordinator for the tabs of one origin: one tab runs the work of a key
 * and the others get its result, behind `SharedCall`'s `coordinator` option.
 *
 * - The leading tab holds a Web Lock for its flight while the work runs; a
 *   tab that closes lets its locks go, so a waiting tab takes over at once.
 * - Each flight has a generation, read from the locks every tab sees: a tab
 *   that joins a flight takes that flight's result or a newer one, never the
 *   answer of an earlier flight of the key (a second load within
 *   `resultTtlMs` runs the work again, once for every tab).
 * - The result goes to the other tabs over a `BroadcastChannel`. The tab that
 *   published it keeps it for `resultTtlMs`, for the waiters of that flight
 *   that ask late.
 *
 * A lease never expires while its tab lives (`leaseMs` has no effect): a tab
 * that hangs holds its flight until it is closed, and its waiters leave on
 * their own signal or timeout.
 *
 * Create one per app (each opens a channel for the life of the page). It
 * needs `navigator.locks` and `BroadcastChannel`: a browser page on https or
 * localhost. Check `tabsSupported()` where that may not hold (SSR, old
 * browsers, plain http).
 *
 * @throws TypeError without `navigator.locks` or `BroadcastChannel`, or for bad options.
 *
 * @example
 * ```ts
 * import { SharedCall } from 'shared-call'
 * import { tabsCoordinator } from 'shared-call/tabs'
 *
 * const shared = new SharedCall({ coordinator: tabsCoordinator(), namespace: 'shop' })
 * ```
 */
export const tabsCoordinator = (options: TabsCoordinatorOptions = {}): Coordination => {
  checkKnown(
    checkObject(options, 'tabsCoordinator(options): options'),
    'tabsCoordinator options',
    OPTIONS,
  )
  const { channel = 'shared-call', ...rest } = options
  check(
    isKeyString(channel) && !channel.startsWith('-'),
    'tabsCoordinator(options): channel',
    'a non-empty string without lone surrogates that does not start with "-"',
    channel,
  )
  let leases: TabLeases | undefined
  // Options are checked here, before the channel opens.
  const coordination = defineCoordinator(
    {
      lead: (name, leaseMs, waited) => leases!.lead(name, leaseMs, waited),
      wait: (name, generation, signal) => leases!.wait(name, generation, signal),
    },
    rest,
  )
  if (!tabsSupported()) {
    throw new TypeError(
      'shared-call: tabsCoordinator() needs navigator.locks (the Web Locks API) and BroadcastChannel: a browser page on https or localhost. Check tabsSupported() first and create the SharedCall without a coordinator where it is false (on the server, in old browsers, on plain http)',
    )
  }
  leases = tabLeases({
    channel,
    keepMs: rest.resultTtlMs ?? 5_000,
    locks: navigator.locks as unknown as Locks,
  })
  return coordination
}
