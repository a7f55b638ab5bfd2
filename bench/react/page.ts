// The page the React benchmark loads in Chromium: 1000 components that want
// the same key, with the library named in `?lib=`. Plain createElement, so
// the build needs no JSX plugin.
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { createElement as h, type ReactNode, useEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { useSharedCall } from 'shared-call/react'
import useSWR from 'swr'

const COMPONENTS = 1000
const KEY = 'product:1'

interface Probe {
  fetches: number
  rendered: number
  startedAt: number
  doneAt?: number
}
const probe: Probe = { fetches: 0, rendered: 0, startedAt: 0 }
;(window as unknown as { probe: Probe }).probe = probe

/** The "network": 50 ms, counted, so we see how many fetches each library made. */
const fetcher = () => {
  probe.fetches++
  return new Promise<{ name: string }>((resolve) => setTimeout(() => resolve({ name: 'lamp' }), 50))
}

/** Counts a component once it shows data; the last one stops the clock. */
const Shown = ({ data }: { data: { name: string } | undefined }) => {
  useEffect(() => {
    if (data === undefined) return
    if (++probe.rendered === COMPONENTS) probe.doneAt = performance.now()
  }, [data])
  return h('span', null, data ? data.name : '…')
}

const WithSharedCall = () => h(Shown, { data: useSharedCall(KEY, () => fetcher()).data })
const WithSwr = () => h(Shown, { data: useSWR(KEY, fetcher).data })
const WithTanstack = () => h(Shown, { data: useQuery({ queryKey: [KEY], queryFn: fetcher }).data })

const components = { 'shared-call': WithSharedCall, swr: WithSwr, tanstack: WithTanstack }
const lib = new URLSearchParams(location.search).get('lib') as keyof typeof components
const Component = components[lib]

const many = (): ReactNode => Array.from({ length: COMPONENTS }, (_, i) => h(Component, { key: i }))

const app =
  lib === 'tanstack'
    ? h(QueryClientProvider, { client: new QueryClient() }, many())
    : h('div', null, many())

probe.startedAt = performance.now()
createRoot(document.getElementById('root') as HTMLElement).render(app)
