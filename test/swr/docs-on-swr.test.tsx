// The same example on SWR itself: the scenario is SWR's behaviour, not ours.
import { it } from 'vitest'
import { App } from './docs-example'
import { runScenario } from './docs-scenario'

it('runs on SWR 2 itself, with the same result', async () => {
  await runScenario(App)
})
