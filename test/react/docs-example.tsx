import { SharedCall } from 'shared-call'
import { SharedCallProvider, useSharedCall, useSharedCallStats } from 'shared-call/react'

interface User {
  id: string
  name: string
}

async function getUser(id: string, signal: AbortSignal): Promise<User> {
  const response = await fetch(`https://api.example.com/users/${id}`, { signal })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return response.json()
}

// Every Avatar of one user shares one request. The signal aborts it when the
// last Avatar of that user unmounts.
export function Avatar({ id }: { id: string | null }) {
  const { data, error, isLoading, mutate } = useSharedCall(id ? ['user', id] : null, (signal) =>
    getUser(id!, signal),
  )
  if (error)
    return (
      <button type="button" onClick={() => mutate()}>
        Retry
      </button>
    )
  if (isLoading) return <span>…</span>
  return <span>{data?.name}</span>
}

function Stats() {
  const { misses, hits } = useSharedCallStats()
  return (
    <p>
      {misses} fetch for {misses + hits} avatars
    </p>
  )
}

const shared = new SharedCall({ timeout: 10_000 })
// One user shown in 100 places, as in a comment thread.
const places = Array.from({ length: 100 }, (_, i) => `comment-${i}`)

export function App() {
  return (
    <SharedCallProvider value={shared}>
      {places.map((place) => (
        <Avatar key={place} id="42" />
      ))}
      <Stats />
    </SharedCallProvider>
  )
}

// main.tsx: createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>)
