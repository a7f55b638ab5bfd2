import type { ComponentType } from 'react'
import { type PageGuide, pageGuide } from '../guide.mjs'
import { CancellationPage } from './pages/cancel/CancellationPage'
import { DevtoolsPage } from './pages/devtools/DevtoolsPage'
import { ManyComponentsPage } from './pages/many/ManyComponentsPage'
import { PrivateDataPage } from './pages/private/PrivateDataPage'
import { RevalidatePage } from './pages/revalidate/RevalidatePage'
import { StampedePage } from './pages/stampede/StampedePage'
import { ManyTabsPage } from './pages/tabs/ManyTabsPage'

export interface Page extends PageGuide {
  Component: ComponentType
}

/** The component of each page of ../guide.mjs, by its id. */
const components: Record<string, ComponentType> = {
  many: ManyComponentsPage,
  stampede: StampedePage,
  cancel: CancellationPage,
  private: PrivateDataPage,
  tabs: ManyTabsPage,
  revalidate: RevalidatePage,
  devtools: DevtoolsPage,
}

/** The pages, in the order of the guide (which the docs and `npm run demo` list too). */
export const pages: readonly Page[] = pageGuide.map((page) => {
  const Component = components[page.id]
  if (!Component)
    throw new Error(`playground/guide.mjs lists a page without a component: ${page.id}`)
  return { ...page, Component }
})
