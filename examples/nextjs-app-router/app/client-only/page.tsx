import { Products } from '../products'
import { Providers } from '../providers'

/** The same components without server data: the browser fetches it, once for all 50. */
export default function ClientOnlyPage() {
  return (
    <main>
      <h1>Products, fetched in the browser</h1>
      <Providers>
        <Products />
      </Providers>
    </main>
  )
}
