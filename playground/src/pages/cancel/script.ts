/** One moment of the cancellation script: who is mounted, and what that should do. */
export interface Step {
  mounted: readonly string[]
  says: string
}

/**
 * The script the page plays on a timer. C → D in one render is a remount
 * inside the hook's grace period (as StrictMode or a quick re-render does).
 */
export const script: readonly Step[] = [
  { mounted: ['A', 'B', 'C'], says: 'A, B and C mount: one fetch starts.' },
  { mounted: ['B', 'C'], says: 'A unmounts: B and C still wait, so the fetch goes on.' },
  { mounted: ['C'], says: 'B unmounts: C still waits.' },
  {
    mounted: ['D'],
    says: 'C unmounts and D mounts in the same render, inside the grace period: D joins the same fetch.',
  },
  { mounted: [], says: 'D, the last one, unmounts: now, and only now, the fetch aborts.' },
]

/** Time between steps; the upstream is slower than the whole script, so the fetch is still running. */
export const STEP_MS = 900
export const UPSTREAM_DELAY_MS = 8000
