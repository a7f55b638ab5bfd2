import { getProducts } from '../../../lib/products'

// What the browser fetches when it has no data for the key (or revalidates it).
export const dynamic = 'force-dynamic'

export async function GET() {
  return Response.json(await getProducts())
}
