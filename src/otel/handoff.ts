import type { Flight } from './flight'

/**
 * What an instrumented coordinator learns of one flight: the promise of the
 * fleet-wide work (its end is the flight's), and, once the leading call has
 * returned, the flight it belongs to, which remote hits and coordinator
 * events are told to.
 */
export class Handoff {
  flight: Flight | undefined
  promise: unknown
  signal: AbortSignal | undefined

  /** The leading call has returned: the flight ends with the fleet-wide work. */
  bind(flight: Flight, orElse: Promise<unknown>): void {
    this.flight = flight
    if (this.promise === undefined) flight.watch(orElse)
    else flight.watch(this.promise, this.signal)
  }
}

/**
 * The handoff of the flight starting now. `SharedCall` calls the coordinator
 * synchronously inside the `join` that starts a flight, so the instrumented
 * coordinator leaves it here and that `join` picks it up when it returns
 * (saving the one before, in case a stats listener joins meanwhile).
 */
export const starting: { handoff: Handoff | undefined } = { handoff: undefined }
