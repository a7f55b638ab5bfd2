// Deno: `deno run --allow-net --allow-env --config edge-demo/deno.json edge-demo/deno.ts`
// (deno.json maps `shared-call` to src/ and turns on sloppy imports for its extensionless paths).
import { app } from './app'
import { announce, portFromEnv } from './listen'

/** The part of the Deno namespace this entry uses (the repo type-checks without Deno's types). */
declare const Deno: {
  env: { get(name: string): string | undefined; toObject(): Record<string, string> }
  serve(
    options: { hostname: string; port: number; onListen(addr: { port: number }): void },
    handler: (request: Request) => Response | Promise<Response>,
  ): unknown
}

Deno.serve(
  {
    hostname: '127.0.0.1',
    port: portFromEnv(Deno.env.get('PORT')),
    onListen: ({ port }) => announce(port),
  },
  (request) => app.fetch(request, Deno.env.toObject()),
)
