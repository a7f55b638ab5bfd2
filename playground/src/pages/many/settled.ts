/** A tile reports once it has an answer: which upstream call made it, or that it failed. */
export type Settled = (index: number, outcome: number | 'error') => void
