// The page the React benchmark loads in Chromium: 1000 components that want
// the same key, with the library named in `?lib=`, in the scenario named in
// `?scenario=`:
//
// - mount: render the 1000 components; time until all show data.
// - remount ("navigate away and back"): once they show data, unmount them
//   and mount them again, the library's cache kept, as a client-side route
//   change does; time until all show data, how many showed it in their very
//   first render, and the fetches the remount made.
// - focus (a focus storm): once they show data, the page regains focus;
//   fetches made, and time until all show the new data.
//
// Plain createElement, so the build needs no JSX plugin.
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { createElement as h, type ReactNode, useEffect, useRef } from 'react'
import { createRoot } from 'react-dom/client'
import { useSharedCall } from 'shared-call/react'
import useSWR from 'swr'

const COMPONENTS = 1000
const KEY = 'product:1'
/** Past SWR's 2 s `dedupingInterval`: a user comes back later than that. */
const AWAY_MS = 2100
/** Past the 5 s `focusThrottleInterval` of SWR and shared-call, counted from the first fetch. */
const BLUR_MS = 5100
/** Time for late or background fetches to be counted. */
const SETTLE_MS = 300

interface Data {
  name: string
  version: number
}

interface Probe {
  /** Fetches made, by every phase. */
  fetches: number
  /** Set when the scenario has ended: what it measured. */
  result?: { ms: number | null; fetches: number; firstRenderWithData?: number }
  error?: string
}
const probe: Probe = { fetches: 0 }
;(window as unknown as { probe: Probe }).probe = probe

/** The "network": 50 ms, counted; each answer a new version. */
const fetcher = () => {
  const version = ++probe.fetches
  return new Promise<Data>((resolve) => setTimeout(() => resolve({ name: 'lamp', version }), 50))
}

/** What the current phase waits for: every component showing `version` or later. */
const phase = { version: 1, shown: 0, firstRenderWithData: 0, done: () => {} }

/** Counts a component once it shows the phase's data; the last one ends the phase. */
const Shown = ({ data }: { data: Data | undefined }) => {
  const first = useRef(true)
  if (first.current) {
    first.current = false
    if (data !== undefined) phase.firstRenderWithData++
  }
  const counted = useRef(0)
  useEffect(() => {
    if (data === undefined || data.version < phase.version || counted.current >= phase.version)
      return
    counted.current = phase.version
    if (++phase.shown === COMPONENTS) phase.done()
  }, [data])
  return h('span', null, data ? data.name : '…')
}

const WithSharedCall = () => h(Shown, { data: useSharedCall(KEY, fetcher).data })
const WithSwr = () => h(Shown, { data: useSWR(KEY, fetcher).data })
const WithTanstack = () => h(Shown, { data: useQuery({ queryKey: [KEY], queryFn: fetcher }).data })

const params = new URLSearchParams(location.search)
const components = { 'shared-call': WithSharedCall, swr: WithSwr, tanstack: WithTanstack }
const lib = params.get('lib') as keyof typeof components
const scenario = params.get('scenario') ?? 'mount'
const Component = components[lib]

// One client for the page's life: unmounting the components keeps its cache,
// as SWR's global cache and shared-call's kept data stay.
const client = new QueryClient()
const app = (shown: boolean): ReactNode => {
  const many = shown ? Array.from({ length: COMPONENTS }, (_, i) => h(Component, { key: i })) : []
  return lib === 'tanstack' ? h(QueryClientProvider, { client }, many) : h('div', null, many)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** How long a phase may take: a library that never fetches never ends it. */
const GIVE_UP_MS = 5000

/**
 * Runs `start` and resolves with the ms until every component shows
 * `version` or later, or `null` if they don't within `GIVE_UP_MS`.
 */
const measure = (version: number, start: () => void) =>
  new Promise<number | null>((resolve) => {
    phase.version = version
    phase.shown = 0
    phase.firstRenderWithData = 0
    const startedAt = performance.now()
    const giveUp = setTimeout(() => resolve(null), GIVE_UP_MS)
    phase.done = () => {
      clearTimeout(giveUp)
      resolve(performance.now() - startedAt)
    }
    start()
  })

const root = createRoot(document.getElementById('root') as HTMLElement)

const run = async () => {
  const mountMs = await measure(1, () => root.render(app(true)))
  if (scenario === 'mount') {
    await sleep(SETTLE_MS)
    return { ms: mountMs, fetches: probe.fetches }
  }
  if (scenario === 'remount') {
    await sleep(AWAY_MS)
    root.render(app(false))
    await sleep(50) // away: the components are gone
    const before = probe.fetches
    const ms = await measure(1, () => root.render(app(true)))
    const { firstRenderWithData } = phase
    await sleep(SETTLE_MS)
    return { ms, fetches: probe.fetches - before, firstRenderWithData }
  }
  await sleep(BLUR_MS)
  const before = probe.fetches
  const ms = await measure(before + 1, () => {
    // What a browser fires when the tab comes back: SWR and shared-call listen
    // to both, TanStack Query v5 to visibilitychange.
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
    window.dispatchEvent(new Event('focus'))
  })
  await sleep(SETTLE_MS)
  return { ms, fetches: probe.fetches - before }
}

run().then(
  (result) => {
    probe.result = result
  },
  (error: unknown) => {
    probe.error = String(error)
  },
)
