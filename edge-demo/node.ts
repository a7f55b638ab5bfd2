// Node: `npx tsx edge-demo/node.ts` (tsx resolves `shared-call` through tsconfig paths).

import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { app } from './app'
import { announce, portFromEnv } from './listen'

const server = serve(
  {
    fetch: (request) => app.fetch(request, process.env),
    hostname: '127.0.0.1',
    port: portFromEnv(process.env.PORT),
  },
  (info: AddressInfo) => announce(info.port),
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)))
}
