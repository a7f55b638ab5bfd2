import { SharedCall } from 'shared-call'

/**
 * The playground's own instance, handed to every hook by `SharedCallProvider`,
 * so "reset" on a page clears only what this page counted.
 */
export const shared = new SharedCall()
