import { defineConfig, type Options } from 'tsup'

// A react-server entry re-exports its client entry: its `./index` import
// must stay an import of dist/<entry>.js (whose 'use client' makes server
// components see client references), not a second copy of the hooks.
const clientEntry = (entry: string): NonNullable<Options['esbuildPlugins']>[number] => ({
  name: 'client-entry',
  setup(build) {
    const file = `./${entry}.${build.initialOptions.format === 'cjs' ? 'cjs' : 'js'}`
    build.onResolve({ filter: /^\.\/index$/ }, () => ({ path: file, external: true }))
  },
})

// Each adapter imports the core as `shared-call`, kept external, so an app
// that uses the hook and the middleware loads one core and one flight map.
const common: Options = {
  tsconfig: 'tsconfig.build.json',
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  external: [
    /^shared-call/,
    'react',
    'react/jsx-runtime',
    'hono',
    'redis',
    'ioredis',
    'cloudflare:workers',
    '@opentelemetry/api',
  ],
}

export default defineConfig([
  {
    ...common,
    entry: {
      index: 'src/core/index.ts',
      hono: 'src/hono/index.ts',
      coordinator: 'src/coordinator/index.ts',
      redis: 'src/redis/index.ts',
      cloudflare: 'src/cloudflare/index.ts',
      tabs: 'src/tabs/index.ts',
      otel: 'src/otel/index.ts',
    },
  },
  // React Server Components frameworks need the directive on the file itself;
  // bundling drops it from the source, so it goes in as a banner.
  { ...common, entry: { react: 'src/react/index.ts' }, banner: { js: "'use client'" } },
  // It imports the hook as `shared-call/react` (external): one key store for both entries.
  { ...common, entry: { swr: 'src/swr/index.ts' }, banner: { js: "'use client'" } },
  { ...common, entry: { devtools: 'src/devtools/index.tsx' }, banner: { js: "'use client'" } },
  // `shared-call/react` in React Server Components (the `react-server` condition).
  {
    ...common,
    entry: { 'react.server': 'src/react/server.ts' },
    dts: false,
    esbuildPlugins: [clientEntry('react')],
  },
  // `shared-call/swr` in React Server Components, as SWR's own react-server entry.
  {
    ...common,
    entry: { 'swr.server': 'src/swr/server.ts' },
    dts: false,
    esbuildPlugins: [clientEntry('swr')],
  },
])
