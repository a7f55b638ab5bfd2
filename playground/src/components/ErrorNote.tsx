/** An error said in words, with what to check, instead of a blank page. */
export function ErrorNote({ error, testId }: { error: Error; testId?: string }) {
  return (
    <p className="error" role="alert" data-testid={testId}>
      {error.message}. Is the edge demo running? <code>npm run demo</code> starts it.
    </p>
  )
}
