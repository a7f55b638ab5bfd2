import { fail } from '../core/check'

/**
 * Whether this runs on a server (no `window`), as opposed to a client that
 * hydrates server-rendered markup.
 */
export const onServer = (): boolean => typeof window === 'undefined'

/**
 * `suspense: true` rendered on a server with nothing to show: nothing is
 * fetched during a server render, so say what to do instead of rendering a
 * state the component never expects (a suspense component reads `data!`).
 */
export const noServerData = (id: string): never =>
  fail(
    `the data of ${JSON.stringify(id)} on a server (suspense: true)`,
    'given (fallback or fallbackData)',
    undefined,
  )
