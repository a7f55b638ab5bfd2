import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { SharedCall, type SharedCallStats } from 'shared-call'
import { type SharedCallMiddlewareOptions, sharedCall } from 'shared-call/hono'
import { deferred } from '../support/deferred'

export { deferred }

/** Resolves when the stats of `shared` satisfy `test` (at once if they already do). */
export const statsReach = (shared: SharedCall, test: (stats: SharedCallStats) => boolean) =>
  new Promise<SharedCallStats>((resolve) => {
    if (test(shared.getStats())) return resolve(shared.getStats())
    const stop = shared.subscribe((stats) => {
      if (!test(stats)) return
      stop()
      resolve(stats)
    })
  })

/**
 * Counts handler runs; `reached(n)` resolves once `n` runs have started, so a
 * test can hold them all at a gate and prove they run at the same time.
 */
export const counter = () => {
  let count = 0
  const waiting: { n: number; resolve: () => void }[] = []
  return {
    get count() {
      return count
    },
    hit() {
      count++
      for (const w of waiting) if (count >= w.n) w.resolve()
    },
    reached(n: number) {
      const { promise, resolve } = deferred()
      if (count >= n) resolve()
      else waiting.push({ n, resolve })
      return promise
    },
  }
}

/**
 * A handler body that counts its runs and holds each at `gate` until the
 * test opens it, so requests that arrive meanwhile can join the flight.
 */
export const heldHandler = () => {
  const runs = counter()
  const gate = deferred()
  return {
    runs,
    gate,
    /** Counts a run and waits at the gate. */
    hold: async () => {
      runs.hit()
      await gate.promise
    },
  }
}

/** Starts `requests`, waits until every one has joined or led a flight, then opens `gate`. */
export const burst = async (
  shared: SharedCall,
  gate: { resolve: () => void },
  requests: (() => Response | Promise<Response>)[],
): Promise<Response[]> => {
  const before = shared.getStats()
  const all = requests.map(async (request) => request())
  const counted = (s: SharedCallStats) => s.hits + s.misses + s.passes
  await statsReach(shared, (s) => counted(s) - counted(before) >= requests.length)
  gate.resolve()
  return Promise.all(all)
}

/**
 * An app with `sharedCall(options)` between the middleware `before` and
 * `after`, and one GET route (`path`, default `/r`) whose handler is held at
 * the gate, then answers with `respond`.
 */
export const heldApp = ({
  before = [],
  after = [],
  options = {},
  path = '/r',
  respond,
}: {
  before?: MiddlewareHandler[]
  after?: MiddlewareHandler[]
  options?: SharedCallMiddlewareOptions
  path?: string
  respond: (c: Context) => Response | Promise<Response>
}) => {
  const shared = options.shared ?? new SharedCall()
  const { runs, gate, hold } = heldHandler()
  const app = new Hono()
  for (const middleware of before) app.use('*', middleware)
  app.use('*', sharedCall({ ...options, shared }))
  for (const middleware of after) app.use('*', middleware)
  app.get(path, async (c) => {
    await hold()
    return respond(c)
  })
  /** A request to `path` with `headers`, to pass to `burst`. */
  const get =
    (headers: HeadersInit = {}) =>
    () =>
      app.request(path, { headers })
  return { app, shared, runs, gate, get }
}
