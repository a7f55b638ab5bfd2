'use client'

import { type ReactNode, useState } from 'react'
import { SharedCall } from 'shared-call'
import { type Fallback, SharedCallProvider } from 'shared-call/react'

/**
 * The client side of the tree: one `SharedCall` per browser tab (and per
 * server render), made once by `useState`, never in render. A server
 * component renders this and hands it plain data for `fallback`; the
 * instance itself can't cross the server/client boundary.
 */
export function Providers({ fallback, children }: { fallback?: Fallback; children: ReactNode }) {
  const [shared] = useState(() => new SharedCall({ timeout: 10_000 }))
  return (
    <SharedCallProvider value={shared} fallback={fallback}>
      {children}
    </SharedCallProvider>
  )
}
