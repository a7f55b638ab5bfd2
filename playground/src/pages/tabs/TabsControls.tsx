import { useId } from 'react'

interface TabsControlsProps {
  id: string
  delayMs: number
  busy: boolean
  onId: (id: string) => void
  onDelay: (ms: number) => void
  onLoad: () => void
}

export const MAX_DELAY_MS = 60_000

const clampDelay = (value: number) => Math.min(MAX_DELAY_MS, Math.max(0, Math.round(value) || 0))

/** Which product, how slow this tab's upstream is, and the button that loads it. */
export function TabsControls({ id, delayMs, busy, onId, onDelay, onLoad }: TabsControlsProps) {
  const field = useId()
  return (
    <div className="controls">
      <label htmlFor={`${field}-id`}>Product</label>
      <input
        id={`${field}-id`}
        className="number"
        value={id}
        onChange={(event) => onId(event.currentTarget.value.trim() || '1')}
        data-testid="tabs-id"
      />
      <label htmlFor={`${field}-delay`}>Upstream delay (ms, this tab)</label>
      <input
        id={`${field}-delay`}
        type="number"
        className="number"
        min={0}
        max={MAX_DELAY_MS}
        step={100}
        value={delayMs}
        onChange={(event) => onDelay(clampDelay(event.currentTarget.valueAsNumber))}
        data-testid="tabs-delay"
      />
      <button type="button" onClick={onLoad} disabled={busy} data-testid="tabs-load">
        {busy ? 'Loading…' : `Load product ${id}`}
      </button>
    </div>
  )
}
