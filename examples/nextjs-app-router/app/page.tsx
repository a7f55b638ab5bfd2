import { getProducts, PRODUCTS_KEY } from '../lib/products'
import { Products } from './products'
import { Providers } from './providers'

// Rendered per request, with the products fetched on the server.
export const dynamic = 'force-dynamic'

/**
 * A server component: it fetches the data and hands it to the client
 * components as `fallback`, so the HTML already holds it and the browser
 * makes no request for it on load.
 */
export default async function Page() {
  const products = await getProducts()
  return (
    <main>
      <h1>Products</h1>
      <Providers fallback={{ [PRODUCTS_KEY]: products }}>
        <Products />
      </Providers>
    </main>
  )
}
