import type { Page } from '../pages'

/** The page list as hash links, so each page has an address and Back works. */
export function Tabs({ pages, current }: { pages: readonly Page[]; current: Page }) {
  return (
    <nav className="tabs" aria-label="Pages">
      {pages.map((page) => (
        <a
          key={page.id}
          href={`#/${page.id}`}
          aria-current={page === current ? 'page' : undefined}
          data-testid={`tab-${page.id}`}
        >
          {page.title}
        </a>
      ))}
    </nav>
  )
}
