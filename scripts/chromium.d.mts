// Types of chromium.mjs, for the TypeScript browser tests.

/** The Chromium executable, or undefined when none is installed. */
export declare const findChromium: () => string | undefined

/** Flags that keep headless Chromium off the network and quiet on a closed machine. */
export declare const chromiumArgs: string[]

/** What to tell someone whose machine has no Chromium. */
export declare const installHint: string
