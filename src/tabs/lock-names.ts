/**
 * The Web Locks a channel's tabs use for one flight name, and how a
 * snapshot (`navigator.locks.query()`) reads back. Every lock name is
 * `<channel length>:<channel>:<kind><generation>:<name>`: the channel's
 * length keeps channels apart (`a` + `b:c` never meets `a:b` + `c`), and the
 * kind and generation hold no colon, so the first colon after the channel
 * ends them and the rest is the flight name, whatever it holds.
 *
 * Kinds:
 * - `m`: the name's mutex, held for the few lock calls of a `lead`, so that
 *   looking at the name and taking its lease are one step;
 * - `l<g>`: the lease of generation g, held (exclusive) by the leading tab
 *   for as long as its flight runs. Waiters queue for it in shared mode:
 *   they are granted it when the leader lets go, or when its tab closes;
 * - `r<g>`: the result of generation g, held (shared) by the tab that
 *   published it for as long as it keeps it;
 * - `e<g>`: generation g ended without a result, held (shared) for a while
 *   by the tab that let go, so the next lease counts on from it.
 */
export interface LockNames {
  mutex(name: string): string
  lease(name: string, generation: number): string
  result(name: string, generation: number): string
  ended(name: string, generation: number): string
  /** What the locks of `name` in a snapshot say; locks of other names and channels are ignored. */
  read(name: string, snapshot: LockSnapshot): NameState
}

/** What `navigator.locks.query()` resolves: every lock of this origin, held or asked for. */
export interface LockSnapshot {
  held?: readonly LockInfo[]
  pending?: readonly LockInfo[]
}

interface LockInfo {
  name?: string
  mode?: string
}

/** The state of one flight name, as its locks show it. */
export interface NameState {
  /** The generation whose lease a tab holds now. */
  lease: number | undefined
  /** Generations whose result a tab keeps now. */
  results: number[]
  /** The greatest generation any lock of the name mentions (0 when none). */
  newest: number
}

const KIND = /^([lre])(\d+)$/

export const lockNames = (channel: string): LockNames => {
  const prefix = `${channel.length}:${channel}:`
  const named = (kind: string, name: string) => `${prefix}${kind}:${name}`
  return {
    mutex: (name) => named('m', name),
    lease: (name, generation) => named(`l${generation}`, name),
    result: (name, generation) => named(`r${generation}`, name),
    ended: (name, generation) => named(`e${generation}`, name),
    read(name, snapshot) {
      const suffix = `:${name}`
      const state: NameState = { lease: undefined, results: [], newest: 0 }
      const look = (lock: LockInfo, held: boolean) => {
        const full = lock.name
        if (!full?.startsWith(prefix) || !full.endsWith(suffix)) return
        const middle = full.slice(prefix.length, full.length - suffix.length)
        const [, kind, digits] = KIND.exec(middle) ?? []
        if (!kind) return
        const generation = Number(digits)
        state.newest = Math.max(state.newest, generation)
        if (!held) return
        if (kind === 'l' && lock.mode === 'exclusive') state.lease = generation
        if (kind === 'r' && lock.mode === 'shared') state.results.push(generation)
      }
      for (const lock of snapshot.held ?? []) look(lock, true)
      for (const lock of snapshot.pending ?? []) look(lock, false)
      return state
    },
  }
}
