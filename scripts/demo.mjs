#!/usr/bin/env node
// `npm run demo`: the edge demo's Node server and the playground's Vite dev
// server (proxying the edge routes to it), both on 127.0.0.1, offline.
// Ctrl-C (or SIGTERM) stops both.
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'
import { demoGuide } from '../playground/guide.mjs'
import { startEdgeDemo } from '../playground/servers/edge-demo.mjs'

const configFile = fileURLToPath(new URL('../playground/vite.config.ts', import.meta.url))

let edge
let vite
let stopping = false

const stop = async (code) => {
  if (stopping) return
  stopping = true
  await Promise.allSettled([vite?.close(), edge?.stop()])
  process.exit(code)
}

process.once('SIGINT', () => stop(0))
process.once('SIGTERM', () => stop(0))
// Vite ends the process itself on SIGTERM or when stdin closes; whoever ends
// it, the edge demo must not outlive it (stop() signals synchronously).
process.once('exit', () => {
  edge?.stop()
})

try {
  edge = await startEdgeDemo()
  edge.exited.then((code) => {
    if (stopping) return
    console.error(`The edge demo stopped (exit code ${code}); stopping the playground too.`)
    stop(1)
  })
  // The playground's config reads this to point its proxy at the edge demo.
  process.env.EDGE_DEMO_URL = edge.url
  vite = await createServer({ configFile })
  await vite.listen()
} catch (error) {
  console.error(`npm run demo could not start: ${error instanceof Error ? error.message : error}`)
  await stop(1)
}

const playground = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/'
console.log(demoGuide(playground, edge.url))
