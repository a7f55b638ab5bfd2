// What docs-example.tsx must do, whichever `swr` it runs on: the test files
// run it on SWR itself and on shared-call/swr.
import { fireEvent, render, screen } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { type ComponentType, StrictMode } from 'react'
import { afterAll, beforeAll, expect } from 'vitest'

export const requests: string[] = []
const server = setupServer(
  http.get('https://api.example.com/users/:id', ({ request, params }) => {
    requests.push(request.url)
    return HttpResponse.json({ id: params.id, name: `User ${params.id}` })
  }),
  http.get('https://api.example.com/posts', ({ request }) => {
    requests.push(request.url)
    const author = new URL(request.url).searchParams.get('author')
    return HttpResponse.json([{ id: 1, title: `First post of ${author}` }])
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

export const runScenario = async (App: ComponentType) => {
  render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
  expect(await screen.findAllByText('User 42')).toHaveLength(2)
  expect(await screen.findByText('First post of 42')).toBeTruthy()
  fireEvent.click(screen.getByText('Rename'))
  expect(await screen.findAllByText('Renamed')).toHaveLength(2)
  // Two components of the user, one request; the posts waited for it.
  expect(requests).toEqual([
    'https://api.example.com/users/42',
    'https://api.example.com/posts?author=42',
  ])
}
