// The coordinator contract suite on the tabs store: each "process" is a tab
// with its own Web Locks client (a fake that follows the spec's queue) and
// its own BroadcastChannel (Node's, which delivers between instances of one
// thread as a browser does between tabs). Leases never expire in tabs (a tab
// holds its lock until it lets go or closes), so the cases of a leader that
// is paused or dead past its lease are skipped; a closed tab's handover is
// in tabs-coordinator.test.ts, and in Chromium in test/e2e/tabs.test.ts.
import { afterEach } from 'vitest'
import { type TabLeases, tabLeases } from '../../src/tabs/tab-leases'
import { coordinatorContract } from '../coordinator/contract'
import { fakeLocks } from './fake-locks'

const locks = fakeLocks()
let tabs: TabLeases[] = []

afterEach(() => {
  for (const tab of tabs) tab.close()
  tabs = []
})

coordinatorContract(
  'tabs',
  () => {
    const tab = tabLeases({ channel: 'contract', keepMs: 5_000, locks: locks.tab().locks })
    tabs.push(tab)
    return tab
  },
  { leasesExpire: false },
)
