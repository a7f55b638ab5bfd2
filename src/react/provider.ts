import { createContext, createElement, type ReactNode, useContext } from 'react'
import { defaultSharedCall, SharedCall } from 'shared-call'

const SharedCallContext = createContext<SharedCall>(defaultSharedCall)

/** Props of {@link SharedCallProvider}. */
export interface SharedCallProviderProps {
  /** The instance the hooks below use: its flights, its options, its stats. */
  value: SharedCall
  children?: ReactNode
}

/**
 * Picks the `SharedCall` instance for the hooks below it. Without a provider
 * they use `defaultSharedCall`, the one `sharedFetch` uses too.
 *
 * @example
 * ```tsx
 * const shared = new SharedCall({ timeout: 5000 })
 * root.render(<SharedCallProvider value={shared}><App /></SharedCallProvider>)
 * ```
 */
export function SharedCallProvider({ value, children }: SharedCallProviderProps): ReactNode {
  if (!(value instanceof SharedCall)) {
    throw new TypeError(
      'shared-call: SharedCallProvider value must be a new SharedCall() (or dedupe shared-call)',
    )
  }
  // createElement, not JSX: the entry then needs no `react/jsx-runtime`.
  return createElement(SharedCallContext.Provider, { value }, children)
}

/**
 * The `SharedCall` instance the hooks of this component use: the nearest
 * provider's, or `defaultSharedCall`. Use it to `forget` a key or to `run`
 * work outside a hook on the same flights.
 */
export const useSharedCallInstance = (): SharedCall => useContext(SharedCallContext)
