import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { build, type PreviewServer, preview } from 'vite'
import { afterAll, beforeAll } from 'vitest'
import { type EdgeDemo, startEdgeDemo } from '../../playground/servers/edge-demo.mjs'
import { launch } from './browser'

const configFile = fileURLToPath(new URL('../../playground/vite.config.ts', import.meta.url))

/**
 * `vite build` inside vitest, where NODE_ENV is `test`: Vite would keep it
 * and bundle React's development build (StrictMode's double effects and all),
 * so it is set to what a real production build sees for the build's duration.
 */
const buildForProduction = async () => {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile, logLevel: 'warn', mode: 'production' })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

export interface Servers {
  /** The playground's address, ending in `/`. */
  playground: string
  edge: EdgeDemo
  stop: () => Promise<void>
}

/**
 * The real edge demo on a free port, and a production build of the
 * playground served by `vite preview`, proxying the edge routes to it.
 */
export const startServers = async (): Promise<Servers> => {
  // EDGE_DEMO_ENTRY runs the tests against another Node entry of the edge demo.
  const edge = await startEdgeDemo({ entry: process.env.EDGE_DEMO_ENTRY })
  let server: PreviewServer | undefined
  try {
    // The playground config reads it to point its proxy at this edge demo.
    process.env.EDGE_DEMO_URL = edge.url
    await buildForProduction()
    server = await preview({ configFile, logLevel: 'warn', preview: { port: 0, strictPort: true } })
    const playground = server.resolvedUrls?.local[0]
    if (!playground) throw new Error('vite preview did not say where it listens')
    const running = server
    return {
      playground,
      edge,
      stop: async () => {
        await running.close()
        await edge.stop()
      },
    }
  } catch (error) {
    await server?.close()
    await edge.stop()
    throw error
  }
}

/**
 * The servers and Chromium for one test file: started before its tests,
 * stopped after them. Read the fields inside tests and hooks.
 */
export const playgroundForThisFile = () => {
  const running = {} as { servers: Servers; browser: Browser }
  beforeAll(async () => {
    running.servers = await startServers()
    running.browser = await launch()
  })
  afterAll(async () => {
    await running.browser?.close()
    await running.servers?.stop()
  })
  return running
}
