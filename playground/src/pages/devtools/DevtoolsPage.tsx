import { useState } from 'react'
import { SharedCall } from 'shared-call'
import { SharedCallDevtools } from 'shared-call/devtools'
import { SharedCallProvider, useSharedCall } from 'shared-call/react'
import { type Product, readJson } from '../../lib/product'

/** The page's own instance: the panel shows only this page's keys. */
const shared = new SharedCall()

const getProduct = async (url: string, signal: AbortSignal): Promise<Product> =>
  readJson<Product>(await fetch(url, { signal, cache: 'no-store' }))

/** One component of a product's key: it shows the product's name and which upstream call it came from. */
function ProductCard({ url }: { url: string }) {
  const { data, error, isValidating } = useSharedCall<Product>(url, (signal) =>
    getProduct(url, signal),
  )
  return (
    <li className="tile-card" data-testid="devtools-card" data-url={url}>
      {error
        ? `error: ${error.message}`
        : data
          ? `${data.name} · call #${data.upstreamCall}`
          : 'loading…'}
      {isValidating && data ? ' (revalidating)' : ''}
    </li>
  )
}

const products = ['/api/products/1?delay=300', '/api/products/2?delay=300']
/** A key whose fetch fails (the edge demo answers 400 to a bad delay): the panel shows it as error. */
const broken = '/api/products/3?delay=oops'

/**
 * `<SharedCallDevtools />` over a few keys: two products, each shown by three
 * components (one fetch each), and one that fails. Revalidate, mutate or
 * forget a key in the panel and watch its components follow.
 */
export function DevtoolsPage() {
  const [withBroken, setWithBroken] = useState(false)
  return (
    <SharedCallProvider value={shared} options={{ errorRetryCount: 0 }}>
      {/* First: its effect runs before the cards', so it sees their first calls. */}
      <SharedCallDevtools initialIsOpen showInProduction />
      <p className="lead">
        The devtools panel (bottom right) lists every key <code>useSharedCall</code> holds on this
        page's instance: its state, subscribers, age, last fetch, errors and retries, and how many
        calls led or followed. Revalidate, mutate or forget a key and watch the cards follow.
      </p>
      <div className="controls">
        <button
          type="button"
          data-testid="devtools-broken"
          onClick={() => setWithBroken((on) => !on)}
        >
          {withBroken ? 'hide' : 'show'} a key that fails
        </button>
      </div>
      <section className="panel">
        {products.map((url) => (
          <ul className="tiles" key={url} aria-label={url}>
            <ProductCard url={url} />
            <ProductCard url={url} />
            <ProductCard url={url} />
          </ul>
        ))}
        {withBroken && (
          <ul className="tiles" aria-label={broken}>
            <ProductCard url={broken} />
          </ul>
        )}
      </section>
    </SharedCallProvider>
  )
}
