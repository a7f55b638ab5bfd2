import { useState } from 'react'
import { ErrorNote } from '../../components/ErrorNote'
import { asError } from '../../lib/use-server-stats'
import { type Answer, askAs } from './ask-as'
import { UserCard } from './UserCard'

const users = ['alice', 'bob'] as const

type Results = Partial<Record<(typeof users)[number], { answer?: Answer; error?: Error }>>

/** Page 4: two users ask the same route at once; each must get their own answer. */
export function PrivateDataPage() {
  const [results, setResults] = useState<Results>({})
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<Error>()

  const ask = async () => {
    setLoading(true)
    setResults({})
    setError(undefined)
    try {
      // Both at the same moment: the case where a careless cache hands alice's answer to bob.
      const settled = await Promise.allSettled(users.map((user) => askAs(user)))
      const next: Results = {}
      for (const [i, outcome] of settled.entries()) {
        next[users[i]!] =
          outcome.status === 'fulfilled'
            ? { answer: outcome.value }
            : { error: asError(outcome.reason) }
      }
      setResults(next)
    } catch (reason) {
      setError(asError(reason))
    } finally {
      setLoading(false)
    }
  }

  const alice = results.alice?.answer?.me
  const bob = results.bob?.answer?.me
  const own = alice?.user === 'alice' && bob?.user === 'bob' && alice.secret !== bob.secret
  return (
    <>
      <p className="lead">
        <code>/api/me</code> answers with the caller's own secret. Alice and Bob ask at the same
        time, through the same <code>SharedCall</code> in the page and the same middleware on the
        server. Both layers key on <code>Authorization</code>, so neither hands one user's answer to
        the other.
      </p>
      <div className="controls">
        <button type="button" onClick={ask} disabled={loading} data-testid="private-run">
          {loading ? 'Asking…' : 'Ask as Alice and Bob at once'}
        </button>
      </div>
      {error && <ErrorNote error={error} />}
      <div className="results">
        {users.map((user) => (
          <UserCard
            key={user}
            user={user}
            loading={loading}
            answer={results[user]?.answer}
            error={results[user]?.error}
          />
        ))}
      </div>
      {alice && bob && (
        <p
          className={own ? 'verdict ok' : 'verdict error-text'}
          data-testid="private-verdict"
          data-ok={own}
        >
          {own
            ? '✓ Each user got their own answer.'
            : '✗ The users saw the same data: a private answer was shared.'}
        </p>
      )}
    </>
  )
}
