// The same example on SWR itself: the scenario is SWR's behaviour, not ours.
// Not in the React 18 run: SWR, loaded from node_modules, would get React 19.
import { version } from 'react'
import { it } from 'vitest'
import { App } from './docs-example'
import { runScenario } from './docs-scenario'

it.skipIf(version.startsWith('18.'))('runs on SWR 2 itself, with the same result', async () => {
  await runScenario(App)
})
