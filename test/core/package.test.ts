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

it('a React Server Component gets the react-server entry of shared-call/react (conditions match in order)', () => {
  const { exports } = json('package.json')
  expect(Object.keys(exports['./react'])[0]).toBe('react-server')
})

// `moduleResolution: node` (node10) ignores `exports`: typesVersions maps
// `shared-call/<name>` to `dist/<name>.d.ts` for every entry at once, so an
// entry must keep its types there (attw checks the packed result).
it('under moduleResolution node10 every entry finds its types: dist/<name>.d.ts', () => {
  const { exports, typesVersions } = json('package.json')
  expect(typesVersions).toEqual({ '*': { '*': ['./dist/*.d.ts', './*'] } })
  for (const [subpath, conditions] of Object.entries<{ import?: { types?: string } }>(exports)) {
    if (subpath === '.' || subpath === './package.json') continue
    expect(conditions.import?.types, subpath).toBe(`./dist/${subpath.slice(2)}.d.ts`)
  }
})
