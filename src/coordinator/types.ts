/**
 * What a coordinator does for a flight name, and nothing else: who runs the
 * work across the fleet (`lead`), and how the others get its outcome (`wait`).
 * `defineCoordinator` turns an implementation into what `SharedCall` takes;
 * see `shared-call/redis`, `shared-call/cloudflare` and `shared-call/tabs`.
 *
 * **Names.** A flight's name is built by `SharedCall` from its namespace and
 * the key, as `<namespace length>:<namespace>:<key>` (`3:app:x:k` is
 * namespace `app` with key `x:k`; `5:app:x:k` is `app:x` with `k`), so no two
 * distinct pairs share a name. Names are non-empty and well-formed UTF-16 (no
 * lone surrogates): an implementation may encode them as UTF-8 and must keep
 * distinct names apart in whatever it derives from them (store keys, lock
 * names, channels).
 *
 * **Generations (fencing tokens).** Every lease of a name has a generation,
 * greater than that of every earlier lease of the name. A result is stored
 * and announced with the generation of the lease it was published under, and
 * only while that lease still holds: a leader that was paused past its lease
 * and resumes cannot overwrite a newer result (Kleppmann's critique of
 * Redlock; here the store checks the lease's token, as his fencing token
 * remedy asks). Waiters accept the generation they waited on or a newer one,
 * never an older one.
 *
 * **Results belong to flights, not to keys.** A stored result answers only
 * the waiters of its flight (or of an older one, whose flight it supersedes):
 * `lead` without `waited` never returns a stored result, so a new flight runs
 * the work instead of reading the last flight's answer. Taking a new lease
 * leaves the stored result in place, because a slow waiter of the previous
 * flight may be about to read it.
 *
 * **Forgetting.** What a store keeps for a name (lease, result, counter)
 * expires, so idle names leave nothing behind; a store that forgets a
 * name's counter must restart it above every generation it handed out
 * (Redis restarts it from its clock in µs). Fencing never relies on the
 * counter: a lease is matched by its own token.
 */
export interface Coordinator {
  /**
   * Am I the one to run it? Atomically, in this order:
   *
   * 1. if `waited` is given and a result of generation ≥ `waited` is stored,
   *    resolves `{ result }`: the flight this process waited on, or a newer
   *    one, has finished;
   * 2. if another lease of `name` holds, resolves `{ following: generation }`:
   *    wait for that flight;
   * 3. else takes a new lease of the next generation for `leaseMs` and
   *    resolves `{ lease }`.
   *
   * @param waited - the generation this process last waited on (or led and
   *   lost), when its wait ended without a result. Absent for a new flight,
   *   which must never get an earlier flight's result.
   */
  lead(name: string, leaseMs: number, waited?: number): Promise<Lead>
  /**
   * Give me the outcome of flight `generation` or a newer one: at once if
   * one is stored, else when announced. Resolves `undefined` once the lease
   * of `generation` no longer holds (released, expired, or replaced by a newer
   * lease) and no such result is stored: the caller then calls
   * `lead(name, leaseMs, generation)`. Rejects with the signal's reason when
   * `signal` aborts, and when the coordinator fails.
   */
  wait(name: string, generation: number, signal: AbortSignal): Promise<Result | undefined>
}

/** What `lead` answers: lead this flight, follow the one running, or take a finished one's result. */
export type Lead =
  | { readonly lease: Lease }
  | { readonly following: number }
  | { readonly result: Result }

/** A published outcome and the generation of the flight that published it. */
export interface Result {
  readonly generation: number
  /** What the leader published: opaque to the coordinator, kept byte for byte. */
  readonly bytes: Uint8Array
}

/**
 * The right to run the work of one name, for a while, fenced by its
 * generation: once the lease is lost (expired and maybe taken by a newer
 * flight), `renew` and `publish` answer `false` and change nothing.
 */
export interface Lease {
  /** This flight's generation: greater than every earlier lease's of the name. */
  readonly generation: number
  /** Keeps the lease for another `leaseMs`; false if it was lost meanwhile. */
  renew(): Promise<boolean>
  /**
   * Stores `bytes` as the result of this generation for `ttlMs`, announces
   * it to the waiters and ends the lease, all at once and only if the lease
   * still holds. Resolves false, having changed nothing, when it was lost.
   */
  publish(bytes: Uint8Array, ttlMs: number): Promise<boolean>
  /** Ends the lease without a result, if it still holds: waiters wake and one leads. */
  release(): Promise<void>
}

/** Turns results into bytes and back. */
export interface Codec {
  encode(value: unknown): Uint8Array
  decode(bytes: Uint8Array): unknown
}

/** How a coordinator treats results, errors and leases. */
export interface CoordinatorOptions {
  /** Turns results into bytes and back. Default: JSON (`jsonCodec`). */
  codec?: Codec
  /** Ms a leader's lease lasts without renewal; it renews every third. Default 10 000. */
  leaseMs?: number
  /**
   * Ms a result is kept for the waiters of its flight that read it late (a
   * slow or paused process). A new flight never reads it. Default 5 000.
   */
  resultTtlMs?: number
  /**
   * When the leader's work fails with an `Error`, the waiting processes
   * reject with an equivalent error (same class for built-in errors, same
   * `name`, `message`, `code`, `status`, `statusCode`, and the `cause`'s name
   * and message) instead of each running the work again in turn: during an
   * outage the fleet fails once per flight, as local callers do. The error is
   * kept only for the waiters of that flight; the next flight runs the work.
   * Never shared: a thrown value that is not an `Error`, an `AbortError`
   * (the leader gave up, e.g. its request was aborted), and the failure of
   * work this process aborted itself (every local caller left, or its
   * timeout): then a waiting process runs the work.
   * `false`: a failed leader lets go and a waiting process runs the work
   * itself (for work whose failures are local to a process). Default true.
   */
  shareErrors?: boolean
}
