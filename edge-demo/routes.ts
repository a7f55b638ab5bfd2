/** One route of the demo, as the index at `/` lists it. */
export interface RouteDoc {
  method: 'GET' | 'POST'
  path: string
  says: string
  /** A request to try, relative to the demo's address. */
  example: string
}

/** Every route the demo serves, in the order the index shows them. */
export const routes: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/products/:id',
    says: 'A product from the slow upstream, through the sharedCall() middleware: identical concurrent requests make one upstream call. ?delay=<ms> sets the upstream latency, ?run=<id> the run it is counted in, ?pool=<n> how many calls of that run the upstream serves at once.',
    example: '/api/products/1?delay=500',
  },
  {
    method: 'GET',
    path: '/direct/products/:id',
    says: 'The same product without the middleware: one upstream call per request.',
    example: '/direct/products/1?delay=500',
  },
  {
    method: 'GET',
    path: '/api/origin/:id',
    says: 'A product from a real HTTP origin (set ORIGIN_URL), fetched with the request’s own signal, through the middleware: a client that hangs up never fails the others; the origin call is aborted only when every waiting client has hung up.',
    example: '/api/origin/1',
  },
  {
    method: 'GET',
    path: '/api/me',
    says: 'Private: answers with the caller’s own secret (Authorization: Bearer <user>). Credentials make the middleware pass the request through, unshared.',
    example: '/api/me',
  },
  {
    method: 'GET',
    path: '/api/session',
    says: 'Sets a cookie: a response the middleware never hands to another request.',
    example: '/api/session',
  },
  {
    method: 'POST',
    path: '/_stampede',
    says: 'Fires n identical requests at once at /api or /direct inside this server, against an upstream that serves pool calls at a time, and streams each one’s latency and x-shared-call role as a line of JSON, then the upstream calls they caused.',
    example: '/_stampede?route=api&n=100&delay=300&pool=10',
  },
  {
    method: 'GET',
    path: '/_upstream/stats',
    says: 'Upstream calls made, running and queued, and the most at once: of one run (?run=<id>) or of all since the last reset.',
    example: '/_upstream/stats',
  },
  {
    method: 'POST',
    path: '/_upstream/reset',
    says: 'Forgets the upstream and client counters and zeroes the middleware’s stats.',
    example: '/_upstream/reset',
  },
  {
    method: 'GET',
    path: '/_shared-call/stats',
    says: 'The middleware’s SharedCall stats: hits, misses, passes, errors, active flights, hit rate (each request counts once, as its x-shared-call header says). ?calls=<n> answers once n requests are counted.',
    example: '/_shared-call/stats',
  },
  {
    method: 'GET',
    path: '/_clients',
    says: 'Requests to /api/* since the last reset, and how many of their clients hung up before their answer (as the runtime reports it: wrangler dev never does). ?hungUp=<n> answers once n have.',
    example: '/_clients',
  },
  {
    method: 'GET',
    path: '/favicon.ico',
    says: 'No icon, and no error: 204, so a browser that opens a route logs no 404 for its icon.',
    example: '/favicon.ico',
  },
  {
    method: 'POST',
    path: '/_shared-call/reset',
    says: 'Zeroes the middleware’s stats only (upstream counters are kept: they are per run).',
    example: '/_shared-call/reset',
  },
]

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!)

const curl = ({ method, example }: RouteDoc, origin: string) =>
  `curl ${method === 'POST' ? '-X POST ' : ''}'${origin}${example}'`

/** The index as plain text, for curl. */
export const indexText = (origin: string) =>
  [
    'shared-call edge demo: a product catalogue over a slow upstream, with and without the sharedCall() middleware.',
    '',
    ...routes.flatMap((route) => [
      `${route.method} ${route.path}`,
      `  ${route.says}`,
      `  ${curl(route, origin)}`,
      '',
    ]),
  ].join('\n')

/** The index as a page, for a browser: GET routes are links. */
export const indexHtml = (origin: string) => `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>shared-call edge demo</title>
<link rel="icon" href="data:,">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}dt{margin-top:1rem;font-family:ui-monospace,monospace}dd{margin-left:1.5rem}</style>
<h1>shared-call edge demo</h1>
<p>A product catalogue over a slow upstream, with and without the <code>sharedCall()</code> middleware.</p>
<dl>
${routes
  .map(
    (route) =>
      `<dt>${route.method} ${
        route.method === 'GET'
          ? `<a href="${escapeHtml(route.example)}">${escapeHtml(route.path)}</a>`
          : escapeHtml(route.path)
      }</dt>
<dd>${escapeHtml(route.says)}<br><code>${escapeHtml(curl(route, origin))}</code></dd>`,
  )
  .join('\n')}
</dl>
</html>
`
