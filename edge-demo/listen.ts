/** The port to listen on: `PORT`, or 0 (a free port) when unset. */
export const portFromEnv = (value: string | undefined): number => {
  const port = Number(value ?? 0)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`PORT must be an integer 0–65535 (0 picks a free port), got ${value}`)
  }
  return port
}

/** The one line every entry point prints when it is ready; tests wait for it. */
export const announce = (port: number) => console.log(`listening on http://127.0.0.1:${port}`)
