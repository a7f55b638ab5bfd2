import { sharedFetch } from 'shared-call'
import { readJson } from '../../lib/product'
import { shared } from '../../lib/shared'

/** What `/api/me` answers: whose data it is and something only they may see. */
export interface Me {
  user: string
  secret: string
}

export interface Answer {
  me: Me
  /** The server middleware's `x-shared-call` header: `pass` for a private request. */
  role: string
}

/**
 * Asks `/api/me` as `user`, through `sharedFetch` on the page's instance: it coalesces identical
 * GETs, and the `Authorization` header is part of its key, so two users never
 * share one answer while two asks of one user do.
 */
export const askAs = async (user: string): Promise<Answer> => {
  const response = await sharedFetch('/api/me', {
    shared,
    headers: { authorization: `Bearer ${user}` },
  })
  const me = await readJson<Me>(response)
  return { me, role: response.headers.get('x-shared-call') ?? 'none' }
}
