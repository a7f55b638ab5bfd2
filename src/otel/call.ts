import type { Role } from './names'

/** What a call counts as in `shared_call.calls`: its role, a pass, or nothing (uncounted). */
export type Counted = Role | 'pass' | 'none'

/** Where a call's counters are: `Telemetry#countsOf` (see telemetry.ts). */
interface Series {
  countsOf(key: string): Record<Role | 'pass', number>
}

/**
 * How the metrics count one call, mirroring how the core's stats count it:
 * once, as its role, until an adapter recounts it with `Joined.pass()` (a
 * pass) or `Joined.uncount()` (not at all: it goes on to another flight,
 * which counts it). A leading call's role (leader, or remote when another
 * process answered) is known only when its flight ends: a recount made
 * before then is kept for that moment.
 */
export class Call {
  /** What it counts as now; undefined while it leads a flight that has not ended. */
  #as: Counted | undefined
  /** A recount made while it was not counted yet. */
  #then: 'pass' | 'none' | undefined

  constructor(
    readonly series: Series,
    /** Checked by the core before it is counted: a bad key makes no series. */
    readonly key: string,
  ) {}

  /** Counts it as `role` (a leader, as its flight ends), or as it was recounted meanwhile. */
  settle(role: Role): void {
    if (this.#as !== undefined) return
    this.#as = this.#then ?? role
    if (this.#as !== 'none') this.series.countsOf(this.key)[this.#as]++
  }

  /** Counts it as `to` instead, as the core's stats do for the same call. */
  move(to: 'pass' | 'none'): void {
    const as = this.#as
    if (as === undefined) {
      this.#then = to
      return
    }
    if (as === to) return
    const counts = this.series.countsOf(this.key)
    if (as !== 'none') counts[as]--
    if (to !== 'none') counts[to]++
    this.#as = to
  }
}
