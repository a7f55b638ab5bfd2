import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'

const json = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../${name}`, import.meta.url), 'utf8'))

// npm ci accepts a lockfile whose root entry lags package.json (it checks
// dependency versions only), and the next `npm install` rewrites it: that
// is how a fresh clone came to dirty package-lock.json. The root entry must
// be what `npm install` writes.
it('package-lock.json records package.json as npm install would write it', () => {
  const manifest = json('package.json')
  const root = json('package-lock.json').packages['']
  for (const field of [
    'name',
    'version',
    'license',
    'dependencies',
    'devDependencies',
    'optionalDependencies',
    'peerDependencies',
    'peerDependenciesMeta',
    'engines',
    'bin',
  ]) {
    expect({ [field]: root[field] }).toEqual({ [field]: manifest[field] })
  }
})

it('installing from git or a folder builds dist/: prepare runs the build when dist/ is stale', () => {
  const { scripts } = json('package.json')
  expect(scripts.prepare).toBe('node scripts/build.mjs --if-changed')
  expect(scripts.build).toBe('node scripts/build.mjs')
})
