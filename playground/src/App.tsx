import { Tabs } from './components/Tabs'
import { pages } from './pages'
import { useHashRoute } from './use-hash-route'

/** The header, the tabs and the page the address names (the first one by default). */
export function App() {
  const route = useHashRoute()
  const page = pages.find((p) => p.id === route) ?? pages[0]!
  return (
    <>
      <header className="top">
        <h1>
          shared-call <span className="muted">playground</span>
        </h1>
        <Tabs pages={pages} current={page} />
      </header>
      <main data-testid={`page-${page.id}`}>
        <page.Component />
      </main>
    </>
  )
}
