/**
 * True where `tabsCoordinator()` works: a browser page on a secure origin
 * (https, or http on localhost) with the Web Locks API and `BroadcastChannel`.
 * False on the server (SSR), in old browsers, and on plain http origins other
 * than localhost, where browsers hide `navigator.locks`.
 *
 * @example
 * ```ts
 * const shared = new SharedCall({ coordinator: tabsSupported() ? tabsCoordinator() : undefined })
 * ```
 */
export const tabsSupported = (): boolean =>
  typeof navigator !== 'undefined' &&
  typeof navigator.locks?.request === 'function' &&
  typeof navigator.locks.query === 'function' &&
  typeof BroadcastChannel === 'function'
