import useSWR, { SWRConfig, useSWRConfig } from 'swr'

interface User {
  id: string
  name: string
}

interface Post {
  id: number
  title: string
}

const fetcher = async (url: string) => {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return response.json()
}

function Profile({ id }: { id: string }) {
  const { data: user, error, isLoading } = useSWR<User>(`https://api.example.com/users/${id}`)
  if (error) return <p>failed to load</p>
  if (isLoading) return <p>loading…</p>
  return <h1>{user?.name}</h1>
}

function Posts({ id }: { id: string }) {
  const { data: user } = useSWR<User>(`https://api.example.com/users/${id}`)
  // A key function that throws until the user is there: no request before.
  const { data: posts } = useSWR<Post[]>(
    () => ['https://api.example.com/posts', user!.id],
    ([url, author]: [string, string]) => fetcher(`${url}?author=${author}`),
  )
  return (
    <ul>
      {posts?.map((post) => (
        <li key={post.id}>{post.title}</li>
      ))}
    </ul>
  )
}

function Rename({ id }: { id: string }) {
  const { mutate } = useSWRConfig()
  const rename = () =>
    mutate(`https://api.example.com/users/${id}`, { id, name: 'Renamed' }, { revalidate: false })
  return (
    <button type="button" onClick={rename}>
      Rename
    </button>
  )
}

export function App() {
  return (
    <SWRConfig value={{ fetcher, revalidateOnFocus: false }}>
      <Profile id="42" />
      <Profile id="42" />
      <Posts id="42" />
      <Rename id="42" />
    </SWRConfig>
  )
}
