import type { ComponentType } from 'react'
import { CancellationPage } from './pages/cancel/CancellationPage'
import { DevtoolsPage } from './pages/devtools/DevtoolsPage'
import { ManyComponentsPage } from './pages/many/ManyComponentsPage'
import { PrivateDataPage } from './pages/private/PrivateDataPage'
import { RevalidatePage } from './pages/revalidate/RevalidatePage'
import { StampedePage } from './pages/stampede/StampedePage'
import { ManyTabsPage } from './pages/tabs/ManyTabsPage'

export interface Page {
  /** The hash route: `#/<id>`. */
  id: string
  title: string
  Component: ComponentType
}

export const pages: readonly Page[] = [
  { id: 'many', title: 'Many components, one request', Component: ManyComponentsPage },
  { id: 'stampede', title: 'Edge stampede', Component: StampedePage },
  { id: 'cancel', title: 'Cancellation', Component: CancellationPage },
  { id: 'private', title: 'Private data', Component: PrivateDataPage },
  { id: 'tabs', title: 'Many tabs', Component: ManyTabsPage },
  { id: 'revalidate', title: 'Kept data, focus', Component: RevalidatePage },
  { id: 'devtools', title: 'Devtools', Component: DevtoolsPage },
]
