import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

/**
 * One config for vitest and the playground. The aliases make every adapter
 * import the core as `shared-call` from source, exactly as users import the
 * published package, so tests and the playground see one core, never two.
 */
export const alias = {
  'shared-call/react': src('react/index.ts'),
  'shared-call/swr': src('swr/index.ts'),
  'shared-call/hono': src('hono/index.ts'),
  'shared-call/coordinator': src('coordinator/index.ts'),
  'shared-call/redis': src('redis/index.ts'),
  'shared-call/cloudflare': src('cloudflare/index.ts'),
  'shared-call/tabs': src('tabs/index.ts'),
  'shared-call/otel': src('otel/index.ts'),
  'shared-call/devtools': src('devtools/index.tsx'),
  'shared-call': src('core/index.ts'),
}

/** `react` and `react-dom` (and their subpaths) resolved to React 18, for the `react18` project. */
const react18 = ['react', 'react-dom'].flatMap((name) => {
  const path = fileURLToPath(new URL(`./test/react18/node_modules/${name}`, import.meta.url))
  return [
    { find: new RegExp(`^${name}$`), replacement: path },
    { find: new RegExp(`^${name}/(.*)$`), replacement: `${path}/$1` },
  ]
})
// Testing Library's ES module build, inlined by the project below, so that its own
// imports of react-dom go through the aliases above (its CommonJS build would not).
react18.push({
  find: /^@testing-library\/react$/,
  replacement: fileURLToPath(
    new URL(
      './node_modules/@testing-library/react/dist/@testing-library/react.esm.js',
      import.meta.url,
    ),
  ),
})

export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  test: {
    passWithNoTests: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          include: ['test/core/**/*.test.ts', 'test/coordinator/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // The tabs coordinator on Node's BroadcastChannel and a fake of Web
        // Locks; test/e2e/tabs.test.ts proves it in Chromium.
        extends: true,
        test: { name: 'tabs', include: ['test/tabs/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'react',
          include: [
            'test/react/**/*.test.{ts,tsx}',
            'test/swr/**/*.test.{ts,tsx}',
            'test/playground/**/*.test.{ts,tsx}',
          ],
          environment: 'jsdom',
          setupFiles: ['test/react/setup.ts'],
        },
      },
      {
        // The same tests on React 18 (installed in test/react18, a workspace, so
        // npm keeps it apart from React 19). Testing Library is inlined so that
        // its imports of react and react-dom take these aliases too.
        extends: true,
        resolve: { alias: react18 },
        test: {
          name: 'react18',
          include: ['test/react/**/*.test.{ts,tsx}', 'test/swr/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['test/react/setup.ts'],
          server: { deps: { inline: ['@testing-library/react'] } },
        },
      },
      {
        extends: true,
        test: { name: 'hono', include: ['test/hono/**/*.test.ts'], environment: 'node' },
      },
      {
        // shared-call/otel with the real OpenTelemetry SDK (metrics, traces, Prometheus).
        extends: true,
        test: { name: 'otel', include: ['test/otel/**/*.test.ts'], environment: 'node' },
      },
      {
        // Type tests (expectTypeOf) checked by tsc, never run.
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['test/**/*.test-d.{ts,tsx}'] },
        },
      },
      {
        // Every TypeScript block of README.md and docs/*.md, type-checked and run.
        extends: true,
        test: {
          name: 'docs',
          include: ['test/docs/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // A real redis-server and several Node processes sharing flights through it.
        extends: true,
        test: {
          name: 'fleet',
          include: ['test/redis/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/support/listener-leaks.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // Real runtimes (workerd, Deno, Node, Bun) started as child processes.
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The packed package installed into new apps (Vite + React, Hono,
        // Next.js), each built for production and run; in Chromium where
        // there is a page. scripts/check-install.mjs packs it first.
        extends: true,
        test: {
          name: 'apps',
          include: ['test/apps/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        // A production build of the playground in Debian's Chromium.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
