import { useSyncExternalStore } from 'react'

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener)
  return () => window.removeEventListener('hashchange', listener)
}

const read = () => window.location.hash.replace(/^#\/?/, '')

/** The route in the address's hash (`#/stampede` → `stampede`), kept in sync with navigation. */
export const useHashRoute = () => useSyncExternalStore(subscribe, read, () => '')
