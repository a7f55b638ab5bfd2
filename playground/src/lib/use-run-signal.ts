import { useCallback, useEffect, useRef } from 'react'

/**
 * Signals for a page's runs: each call aborts the last run's signal and
 * returns a new one, and leaving the page aborts the current one, so
 * requests of a run nobody watches stop taking the browser's connections.
 */
export const useRunSignal = () => {
  const current = useRef<AbortController>(undefined)
  const mounted = useRef(false)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
      // StrictMode unmounts and remounts at once in development: abort only
      // if the page is still gone after that.
      setTimeout(() => {
        if (!mounted.current) current.current?.abort()
      })
    }
  }, [])
  return useCallback(() => {
    current.current?.abort()
    const controller = new AbortController()
    current.current = controller
    return controller.signal
  }, [])
}
