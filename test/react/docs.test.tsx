import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { render, screen } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { StrictMode } from 'react'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { App } from './docs-example'

const requests: Request[] = []
const server = setupServer(
  http.get('https://api.example.com/users/:id', ({ request, params }) => {
    requests.push(request)
    return HttpResponse.json({ id: params.id, name: `User ${params.id}` })
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

// Paths from `import.meta.dirname`: under jsdom, `URL` is jsdom's, which `readFileSync` refuses.
it('the example in docs/react.md is docs-example.tsx, word for word', () => {
  const docs = readFileSync(join(import.meta.dirname, '../../docs/react.md'), 'utf8')
  const example = readFileSync(join(import.meta.dirname, 'docs-example.tsx'), 'utf8')
  expect(docs).toContain(`\`\`\`tsx\n${example}\`\`\``)
})

it('the example does what it says: 100 avatars, one request', async () => {
  render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
  expect(await screen.findByText('1 fetch for 100 avatars')).toBeTruthy()
  expect(await screen.findAllByText('User 42')).toHaveLength(100)
  expect(requests).toHaveLength(1)
})
