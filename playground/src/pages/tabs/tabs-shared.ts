import { SharedCall } from 'shared-call'
import { tabsCoordinator, tabsSupported } from 'shared-call/tabs'

let shared: SharedCall | undefined

/**
 * The "many tabs" page's own `SharedCall`, coordinated with the other tabs
 * of this origin that have the page open. Created on first use, so opening
 * another page never opens the channel; without Web Locks (plain http on a
 * LAN address) it still works, tab by tab.
 */
export const tabsShared = (): SharedCall => {
  shared ??= new SharedCall({
    coordinator: tabsSupported()
      ? tabsCoordinator({ channel: 'shared-call-playground' })
      : undefined,
    namespace: 'playground',
  })
  return shared
}

/** One key per product, the same in every tab: that is what makes tabs share it. */
export const productKey = (id: string) => `product:${id}`

/**
 * To the route without the server's middleware, so the server never merges
 * requests itself and the upstream count says what the tabs sent. The delay
 * is this tab's and the run is where the server counts the call: neither is
 * part of the key.
 */
export const productUrl = (id: string, delayMs: number, run: string) =>
  `/direct/products/${encodeURIComponent(id)}?delay=${delayMs}&run=${encodeURIComponent(run)}`
