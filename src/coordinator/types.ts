/**
 * The three questions a coordinator answers for a key, and nothing else.
 * `defineCoordinator` turns an implementation into what `SharedCall` takes;
 * see `shared-call/redis`, `shared-call/cloudflare` and `shared-call/tabs`.
 * Keys arrive namespaced (`<namespace>:<key>`).
 */
export interface Coordinator {
  /**
   * Am I the one to run it? Resolves a lease when this process should run
   * the work, or `undefined` when another holds the lease now.
   */
  lead(key: string, leaseMs: number): Promise<Lease | undefined>
  /** Here is the result: keep it for `ttlMs` and wake the waiters of `key`. */
  publish(key: string, result: Uint8Array, ttlMs: number): Promise<void>
  /**
   * Give me the result when it exists (at once if it is kept already).
   * Resolves `undefined` when the lease ended without a result (released, or
   * expired because its holder died); rejects when `signal` aborts.
   */
  wait(key: string, signal: AbortSignal): Promise<Uint8Array | undefined>
}

/** The right to run the work of one key, for a while. */
export interface Lease {
  /** Keeps the lease for another `leaseMs`; false if it was lost meanwhile. */
  renew(): Promise<boolean>
  /** Gives the lease up, waking waiters that will then try to lead. */
  release(): Promise<void>
}

/** Turns results into bytes and back. */
export interface Codec {
  encode(value: unknown): Uint8Array
  decode(bytes: Uint8Array): unknown
}

/** How a coordinator treats results and leases. */
export interface CoordinatorOptions {
  /** Default: JSON (`jsonCodec`). */
  codec?: Codec
  /** Ms a leader's lease lasts without renewal; it renews every third. Default 10 000. */
  leaseMs?: number
  /** Ms a result is kept for waiters that arrive late. Default 5 000. */
  resultTtlMs?: number
}
