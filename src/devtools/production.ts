/**
 * Whether this is a production build, as bundlers say it: they replace
 * `process.env.NODE_ENV` with its value (Vite, webpack, esbuild, Next.js).
 * Where nothing replaced it and there is no `process` (an unbundled page),
 * this is not a production build.
 */
export const isProduction = (): boolean => {
  try {
    return process.env.NODE_ENV === 'production'
  } catch {
    return false
  }
}
