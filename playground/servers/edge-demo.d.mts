/** A running edge demo: where it listens, and how to stop it (resolves once it exited). */
export interface EdgeDemo {
  url: string
  /** Resolves with the exit code when the server exits, for whatever reason. */
  exited: Promise<number | null>
  stop: () => Promise<void>
}

export declare const startEdgeDemo: (options?: {
  /** The Node entry, relative to the repository root. Default `edge-demo/node.ts`. */
  entry?: string
  env?: Record<string, string>
}) => Promise<EdgeDemo>
