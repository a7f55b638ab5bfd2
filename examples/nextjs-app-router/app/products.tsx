import { ProductName } from './product-name'

/** 50 components that show the same data: one key, so at most one request between them. */
export function Products() {
  return (
    <ul>
      {Array.from({ length: 50 }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of places, never reordered
        <ProductName key={index} index={index} />
      ))}
    </ul>
  )
}
