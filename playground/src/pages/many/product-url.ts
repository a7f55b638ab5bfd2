/** The product every tile asks for; one id, so every tile wants the same thing. */
export const PRODUCT_ID = '1'

/**
 * Where a tile fetches the product. Coalescing off goes to the route without
 * the server middleware too, so "off" means off everywhere. The run id makes
 * each run a new URL (and key), so nothing can be answered from an earlier
 * run, and the server counts the run's upstream calls apart.
 */
export const productUrl = (coalesce: boolean, run: string) =>
  `/${coalesce ? 'api' : 'direct'}/products/${PRODUCT_ID}?run=${encodeURIComponent(run)}`
