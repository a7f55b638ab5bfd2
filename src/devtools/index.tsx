import type { ReactNode } from 'react'
import type { SharedCall } from 'shared-call'
import { useSharedCallInstance } from 'shared-call/react'
import { Panel } from './panel'
import { isProduction } from './production'

/** Props of {@link SharedCallDevtools}. */
export interface SharedCallDevtoolsProps {
  /** The instance whose keys it shows. Default: the nearest `SharedCallProvider`'s, or `defaultSharedCall`. */
  shared?: SharedCall
  /** Open at first; else a small button that opens it. Default `false`. */
  initialIsOpen?: boolean
  /** Render in a production build too (a demo, a staging site). Default `false`: it renders nothing there. */
  showInProduction?: boolean
}

/**
 * A floating panel of the keys `useSharedCall` holds: each key's state
 * (loading, fresh, stale, error), subscribers, age, last fetch duration,
 * errors and retries, leader and follower calls, and data; a line of the
 * hit rate; and, per key, revalidate, mutate to a value, and forget.
 * Mount it once, inside your `SharedCallProvider` if you have one.
 *
 * While it is mounted it watches the instance's calls (it wraps its `join`,
 * and gives it back when it unmounts). In a production build it renders
 * nothing, unless `showInProduction`.
 *
 * @example
 * ```tsx
 * import { SharedCallDevtools } from 'shared-call/devtools'
 *
 * export const App = () => (
 *   <>
 *     <Page />
 *     <SharedCallDevtools />
 *   </>
 * )
 * ```
 */
export function SharedCallDevtools({
  shared,
  initialIsOpen = false,
  showInProduction = false,
}: SharedCallDevtoolsProps): ReactNode {
  const fromProvider = useSharedCallInstance()
  if (isProduction() && !showInProduction) return null
  return <Panel shared={shared ?? fromProvider} initialIsOpen={initialIsOpen} />
}
