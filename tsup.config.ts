import { defineConfig } from 'tsup'

// Each adapter imports the core as `shared-call`, kept external, so an app
// that uses the hook and the middleware loads one core and one flight map.
export default defineConfig({
  entry: { index: 'src/core/index.ts', react: 'src/react/index.ts', hono: 'src/hono/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  external: ['shared-call', 'react', 'react/jsx-runtime', 'hono'],
})
