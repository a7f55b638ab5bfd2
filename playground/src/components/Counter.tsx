interface CounterProps {
  label: string
  value: number | string | undefined
  testId: string
  /** What a reader should expect, said under the number. */
  hint?: string
}

/** One big number with its name; "…" until the value is known. */
export function Counter({ label, value, testId, hint }: CounterProps) {
  return (
    <div className="counter">
      <div className="counter-label">{label}</div>
      <output className="counter-value" data-testid={testId}>
        {value ?? '…'}
      </output>
      {hint && <div className="counter-hint">{hint}</div>}
    </div>
  )
}
