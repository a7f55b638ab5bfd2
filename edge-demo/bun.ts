// Bun: `bun run edge-demo/bun.ts` (Bun resolves `shared-call` through tsconfig paths).
import { app } from './app'
import { announce, portFromEnv } from './listen'

/** The part of Bun's API this entry uses (the repo type-checks without Bun's types). */
declare const Bun: {
  serve(options: {
    hostname: string
    port: number
    fetch: (request: Request) => Response | Promise<Response>
  }): { port: number }
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: portFromEnv(process.env.PORT),
  fetch: (request) => app.fetch(request, process.env),
})
announce(server.port)
