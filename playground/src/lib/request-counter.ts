import { useSyncExternalStore } from 'react'

// Requests the page sent for products, counted where they leave: in the one
// `fetch` wrapper the product cards use. Polls of the server's stats don't
// go through it, so the counter shows only the work being compared.
let count = 0
const listeners = new Set<() => void>()

const changed = () => {
  for (const listener of listeners) listener()
}

/** `fetch`, counted. */
export const countedFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  count++
  changed()
  return fetch(input, init)
}

export const resetRequestCount = () => {
  count = 0
  changed()
}

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

const read = () => count

/** The number of requests sent through `countedFetch` since the last reset. */
export const useRequestCount = () => useSyncExternalStore(subscribe, read, read)
