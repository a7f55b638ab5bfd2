import { useId } from 'react'
import { manyComponents } from '../../../guide.mjs'

interface ManyControlsProps {
  n: number
  coalesce: boolean
  busy: boolean
  onN: (n: number) => void
  onCoalesce: (on: boolean) => void
  onRun: () => void
}

export const MAX_COMPONENTS = manyComponents.max

const clamp = (value: number) => Math.min(MAX_COMPONENTS, Math.max(1, Math.round(value) || 1))

/** How many components, coalescing on or off, and the button that mounts them. */
export function ManyControls({ n, coalesce, busy, onN, onCoalesce, onRun }: ManyControlsProps) {
  const id = useId()
  return (
    <div className="controls">
      <label htmlFor={`${id}-n`}>Components</label>
      <input
        id={`${id}-n`}
        type="range"
        min={1}
        max={MAX_COMPONENTS}
        value={n}
        onChange={(event) => onN(clamp(event.currentTarget.valueAsNumber))}
        data-testid="many-n-slider"
      />
      <input
        type="number"
        min={1}
        max={MAX_COMPONENTS}
        value={n}
        aria-label="Number of components"
        onChange={(event) => onN(clamp(event.currentTarget.valueAsNumber))}
        data-testid="many-n"
        className="number"
      />
      <label className="toggle">
        <input
          type="checkbox"
          checked={coalesce}
          onChange={(event) => onCoalesce(event.currentTarget.checked)}
          data-testid="many-coalesce"
        />
        coalesce with <code>useSharedCall</code>
      </label>
      <button type="button" onClick={onRun} disabled={busy} data-testid="many-run">
        {busy ? 'Starting…' : `Mount ${n} components`}
      </button>
    </div>
  )
}
