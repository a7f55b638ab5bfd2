import type { Tone } from './scale'

/** The names and colours of a chart's series, as text that wraps on a narrow screen. */
export function Legend({ items }: { items: { name: string; tone: Tone }[] }) {
  return (
    <ul className="legend">
      {items.map((item) => (
        <li key={item.name} className={`tone-${item.tone}`}>
          <span className="swatch" aria-hidden="true" />
          {item.name}
        </li>
      ))}
    </ul>
  )
}
