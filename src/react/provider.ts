import { createContext, createElement, type ReactNode, useContext, useMemo } from 'react'
import { defaultSharedCall, SharedCall } from 'shared-call'
import { check, checkObject } from '../core/check'
import type { KeyState } from './key-store'
import {
  anything,
  checkEach,
  checkOptions,
  type Options,
  type Rule,
  type UseSharedCallOptions,
} from './options'
import { useValueWarning } from './value-warning'

/** What a provider gives the hooks below it. */
export interface Config {
  readonly shared: SharedCall
  /** The `fallback` data, by the hook's key, as the state a hook shows before any fetch. */
  readonly fallback: ReadonlyMap<string, KeyState>
  readonly options?: Options
}

export const SharedCallContext = /* @__PURE__ */ createContext<Config>({
  shared: defaultSharedCall,
  fallback: new Map(),
})

/**
 * Data by key, that server rendering and the first client render show:
 * `{ '/api/user': user }`. An array key goes in as `encodeKey(key)`:
 * `{ [encodeKey(['user', id])]: user }` (and a string key that starts with
 * `[` or `\` with a `\` in front), as the core sees the hook's keys.
 */
export type Fallback = Readonly<Record<string, unknown>>

/** Props of {@link SharedCallProvider}. */
export interface SharedCallProviderProps {
  /**
   * The instance the hooks below use: its flights, its options, its stats.
   * Default: the parent provider's, or `defaultSharedCall`.
   */
  value?: SharedCall
  /**
   * Data the hooks below show for these keys while they have none (SWR's
   * `fallback`): on the server, while hydrating, and after. It counts as
   * fresh: mounting does not fetch it; focus, reconnect, `refreshInterval`
   * and `mutate()` do. Merged over the parent provider's.
   */
  fallback?: Fallback
  /**
   * Defaults for the options of every `useSharedCall` below, merged over the
   * parent provider's; or a function that receives the parent's and returns
   * the options in their place.
   */
  options?: UseSharedCallOptions | ((parent: UseSharedCallOptions) => UseSharedCallOptions)
  children?: ReactNode
}

/** Every prop of `SharedCallProvider`: another name is a mistake. */
export const PROPS: { [Name in keyof SharedCallProviderProps]-?: Rule } = {
  value: anything,
  fallback: anything,
  options: anything,
  children: anything,
}

/**
 * Picks the `SharedCall` instance for the hooks below it, with `fallback`
 * data for server rendering and default `options`. Without a provider they
 * use `defaultSharedCall`, the one `sharedFetch` uses too.
 *
 * @example
 * ```tsx
 * const shared = new SharedCall({ timeout: 5000 })
 * root.render(<SharedCallProvider value={shared}><App /></SharedCallProvider>)
 * ```
 */
export function SharedCallProvider(props: SharedCallProviderProps): ReactNode {
  checkEach(props, 'SharedCallProvider props', PROPS)
  const { value, fallback, options, children } = props
  const parent = useContext(SharedCallContext)
  if (value !== undefined) {
    check(
      value instanceof SharedCall,
      'SharedCallProvider value',
      'a SharedCall (if it is one, two copies of shared-call are installed: dedupe them)',
      value,
    )
  }
  const config = useMemo<Config>(() => {
    let seeds = parent.fallback
    if (checkObject(fallback, 'SharedCallProvider fallback')) {
      seeds = new Map(seeds)
      for (const [id, data] of Object.entries(fallback as Fallback))
        (seeds as Map<string, KeyState>).set(id, { data, isValidating: false })
    }
    const own =
      typeof options === 'function'
        ? options((parent.options ?? {}) as UseSharedCallOptions)
        : options
    if (own !== undefined) checkOptions(own, 'SharedCallProvider options')
    return {
      shared: value ?? parent.shared,
      fallback: seeds,
      options:
        typeof options === 'function'
          ? (own as Options)
          : own
            ? ({ ...parent.options, ...own } as Options)
            : parent.options,
    }
  }, [parent, value, fallback, options])
  // NODE_ENV is a constant of the app's build: called on every render, or never.
  // biome-ignore lint/correctness/useHookAtTopLevel: see above
  if (process.env.NODE_ENV !== 'production') useValueWarning(value)
  // createElement, not JSX: the entry then needs no `react/jsx-runtime`.
  return createElement(SharedCallContext.Provider, { value: config }, children)
}

/**
 * The `SharedCall` instance the hooks of this component use: the nearest
 * provider's, or `defaultSharedCall`. Pass it to `mutate` and `preload`, or
 * `run` work on the same flights.
 */
export const useSharedCallInstance = (): SharedCall => useContext(SharedCallContext).shared
