import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { alias } from '../vite.config.js'

/**
 * The playground's own config, so the root config stays the vitest config.
 * The alias comes from the root: the playground imports `shared-call/react`
 * from source, exactly as the tests do.
 *
 * `EDGE_DEMO_URL` says where the edge demo listens; `npm run demo` and the
 * browser tests start it on a free port and set this before loading the config.
 */
const edgeDemo = process.env.EDGE_DEMO_URL ?? 'http://127.0.0.1:8787'

// Every route the edge demo serves, so the page talks to one origin (no CORS).
const proxy = Object.fromEntries(
  ['/api', '/direct', '/_upstream', '/_shared-call', '/_stampede'].map((path) => [
    path,
    { target: edgeDemo, changeOrigin: true },
  ]),
)

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias },
  server: { host: '127.0.0.1', port: 5173, proxy },
  preview: { host: '127.0.0.1', port: 4173, proxy },
  build: { outDir: 'dist', emptyOutDir: true },
})
