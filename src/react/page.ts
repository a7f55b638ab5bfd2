/** Whether the page is shown (always, where there is no `document`). */
export const visible = (): boolean => globalThis.document?.visibilityState !== 'hidden'

/**
 * Whether the page is shown and online (always, where neither can be
 * told): a failure then is retried. While it is hidden or offline it is not,
 * as with SWR and TanStack Query; focus or reconnect fetch the key again.
 */
export const active = (): boolean => visible() && globalThis.navigator?.onLine !== false
