/**
 * `shared-call/tabs`: one flight across the browser tabs of one origin,
 * through the Web Locks API (who leads) and `BroadcastChannel` (the result).
 *
 * @packageDocumentation
 */
export { tabsSupported } from './support'
export { type TabsCoordinatorOptions, tabsCoordinator } from './tabs-coordinator'
