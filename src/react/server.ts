// `shared-call/react` as React Server Components see it (the `react-server`
// export condition, which Next.js's App Router and other RSC bundlers use for
// server components). Everything is re-exported from the client entry, whose
// 'use client' makes each export a client reference there: a server
// component can still render `<SharedCallProvider fallback={data}>`. What
// can only run in the browser's tree throws, at the call, a message that says
// what to do instead of React's generic "Attempted to call … from the server".
//
// The build keeps `./index` as an import of the client entry (dist/react.js),
// never a copy of it: see tsup.config.ts.
export * from './index'
// A pure function: the real one, so a server component can build `fallback`'s keys.
export { serializeKey } from './key'

const FALLBACK = 'pass server data through `<SharedCallProvider fallback>`'

/** The error a client-only export throws when a server component calls it. */
const clientOnly = (name: string, instead: string) =>
  new Error(
    `shared-call: ${name} runs in client components: move it into a file with 'use client', and ${instead}`,
  )

/** In a server component: throws: it runs in client components only. */
export function useSharedCall(): never {
  throw clientOnly('useSharedCall', FALLBACK)
}

/** In a server component: throws: it runs in client components only. */
export function useSharedCallStats(): never {
  throw clientOnly('useSharedCallStats', 'render its numbers there')
}

/** In a server component: throws: it runs in client components only. */
export function useSharedCallInstance(): never {
  throw clientOnly('useSharedCallInstance', FALLBACK)
}

/** In a server component: throws: it runs in client components only. */
export function mutate(): never {
  throw clientOnly('mutate', 'call it from an event handler or an effect')
}

/** In a server component: throws: it runs in client components only. */
export function preload(): never {
  throw clientOnly('preload', `fetch on the server and ${FALLBACK}`)
}

/** In a server component: throws: it runs in client components only. */
export function useSharedCallConfig(): never {
  throw clientOnly('useSharedCallConfig', FALLBACK)
}
