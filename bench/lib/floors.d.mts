type Work = (signal?: AbortSignal) => Promise<number>

/** A Map of promises: coalesces, nothing else. */
export declare const naiveMap: (work: Work) => (key: string) => Promise<unknown>

/** Map of promises + AbortController per flight + per-caller abort race. */
export declare const naiveCancellable: (
  work: Work,
  signals: readonly AbortSignal[],
) => (key: string, caller: number) => Promise<unknown>
