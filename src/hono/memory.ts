/** How many resources each kind of memory holds; past it, the oldest is forgotten. */
const MAX_RESOURCES = 1000

/**
 * How long a resource whose response could not be shared skips coalescing,
 * so the next burst doesn't wait on a leader for nothing: Varnish's
 * hit-for-pass / hit-for-miss object (builtin.vcl keeps one for 120 s).
 */
export const PASS_FOR_MS = 1000

const remember = <V>(map: Map<string, V>, key: string, value: V): void => {
  map.delete(key)
  if (map.size >= MAX_RESOURCES) map.delete(map.keys().next().value as string)
  map.set(key, value)
}

/**
 * What one `sharedCall()` remembers between requests: resources that pass
 * for now, the headers each resource varies on, and when each running
 * flight started.
 */
export const createMemory = () => {
  const passing = new Map<string, number>()
  const varying = new Map<string, readonly string[]>()
  /** Only running flights: an entry goes when its flight ends. */
  const started = new Map<string, { at: number }>()
  return {
    /** Whether `resource` passes through for now. */
    passes(resource: string): boolean {
      const until = passing.get(resource)
      if (until === undefined) return false
      if (until > Date.now()) return true
      passing.delete(resource)
      return false
    },
    /** Makes `resource` pass through for `PASS_FOR_MS`. */
    pass(resource: string): void {
      remember(passing, resource, Date.now() + PASS_FOR_MS)
    },
    /**
     * The headers the last response for `resource` varied on, so that the
     * next requests are split by them from the start, as Varnish keeps
     * each variant of a URL apart.
     */
    varies(resource: string): readonly string[] {
      return varying.get(resource) ?? []
    },
    learn(resource: string, names: readonly string[]): void {
      if (names.length) remember(varying, resource, names)
      else varying.delete(resource)
    },
    /** Notes that the flight of `key` starts now; the returned function notes its end. */
    start(key: string): () => void {
      const mark = { at: Date.now() }
      started.set(key, mark)
      return () => {
        if (started.get(key) === mark) started.delete(key)
      }
    },
    /**
     * Whether the flight of `key` has run for `ms` or more: then it is not
     * joined again and a new request may lead a fresh one, like nginx's
     * `proxy_cache_lock_age`. `ms` 0: never.
     */
    stuck(key: string, ms: number): boolean {
      const mark = started.get(key)
      return ms > 0 && mark !== undefined && Date.now() - mark.at >= ms
    },
  }
}
