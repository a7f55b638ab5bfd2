/** One page of the playground: its hash route, its tab's title, and what to look at there. */
export interface PageGuide {
  /** The hash route: `#/<id>`. */
  id: string
  title: string
  /** One line: what the page shows, as `npm run demo` prints it. */
  look: string
}

/** How many components the "Many components" page mounts when it opens, and at most. */
export declare const manyComponents: { readonly start: number; readonly max: number }

/** Every page, in the order of the tabs. */
export declare const pageGuide: readonly PageGuide[]

/** What `npm run demo` prints, given the playground's address (ending in `/`) and the edge demo's. */
export declare const demoGuide: (playground: string, edge: string) => string
