// The playground's pages, in the order of its tabs, with what each one
// shows: the app's tabs, what `npm run demo` prints, and the lists in the
// README and docs/playground.md all come from (or are tested against) this
// one list, so they cannot drift apart. Plain JavaScript, so that
// scripts/demo.mjs reads it without a build.

/** How many components the "Many components" page mounts when it opens, and at most. */
export const manyComponents = { start: 200, max: 1000 }

export const pageGuide = [
  {
    id: 'many',
    title: 'Many components, one request',
    look: `${manyComponents.start} components (up to ${manyComponents.max}), one request: the counters stay at 1`,
  },
  {
    id: 'stampede',
    title: 'Edge stampede',
    look: '100 requests at once at a pool of 10: 1 upstream call with the middleware, 100 in waves without',
  },
  {
    id: 'cancel',
    title: 'Cancellation',
    look: 'the fetch aborts only when the last component leaves',
  },
  {
    id: 'private',
    title: 'Private data',
    look: 'two users, two different answers',
  },
  {
    id: 'tabs',
    title: 'Many tabs',
    look: 'open it in two tabs: one request for both (tabsCoordinator)',
  },
  {
    id: 'revalidate',
    title: 'Kept data, focus',
    look: 'navigate away and back: data in the first render; focus: one request for 300 components',
  },
  {
    id: 'devtools',
    title: 'Devtools',
    look: 'the <SharedCallDevtools /> panel: each key, its callers; revalidate, mutate, forget',
  },
]

/** What `npm run demo` prints once both servers listen. */
export const demoGuide = (playground, edge) => {
  const lines = [
    ...pageGuide.map(({ id, look }) => [`${playground}#/${id}`, look]),
    [`${edge}/_shared-call/stats`, "the server's hits, misses and active flights"],
  ]
  // Addresses in a column, at least three spaces before what each one shows.
  const width = Math.max(...lines.map(([address]) => address.length)) + 3
  return `
  shared-call demo

  Playground   ${playground}
  Edge demo    ${edge}/  (Hono on Node: its routes are listed there; the playground proxies to it)

  What to look at:
${lines.map(([address, look]) => `    ${address.padEnd(width)}${look}`).join('\n')}

  Ctrl-C stops both servers.
`
}
