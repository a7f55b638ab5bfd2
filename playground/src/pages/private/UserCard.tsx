import type { Answer } from './ask-as'

interface UserCardProps {
  user: string
  answer: Answer | undefined
  error: Error | undefined
  loading: boolean
}

/** What one user asked for and what came back. */
export function UserCard({ user, answer, error, loading }: UserCardProps) {
  return (
    <section className="panel user" data-testid={`private-${user}`}>
      <h3>
        <code>Authorization: Bearer {user}</code>
      </h3>
      {loading && <p className="muted">asking /api/me…</p>}
      {!loading && !answer && !error && <p className="muted">not asked yet</p>}
      {error && <p className="error-text">{error.message}</p>}
      {answer && (
        <dl>
          <dt>user</dt>
          <dd data-testid={`private-${user}-user`}>{answer.me.user}</dd>
          <dt>secret</dt>
          <dd data-testid={`private-${user}-secret`}>{answer.me.secret}</dd>
          <dt>
            <code>x-shared-call</code>
          </dt>
          <dd>{answer.role}</dd>
        </dl>
      )}
    </section>
  )
}
