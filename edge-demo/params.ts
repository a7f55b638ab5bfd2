import type { Context } from 'hono'

/** Environment of the demo: Worker vars on workerd, process env elsewhere. */
export type DemoEnv = { Bindings: { UPSTREAM_DELAY_MS?: string; ORIGIN_URL?: string } }

/** A query parameter the demo cannot use: answered with HTTP 400 and this message. */
export class BadParam extends Error {}

const integer = (name: string, raw: string, min: number, max: number): number => {
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadParam(
      `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    )
  }
  return value
}

/** Upstream latency: `?delay=<ms>`, else `UPSTREAM_DELAY_MS`, else 200 ms. */
export const delayOf = (c: Context<DemoEnv>): number =>
  integer('delay', c.req.query('delay') ?? c.env?.UPSTREAM_DELAY_MS ?? '200', 0, 60_000)

/** `?pool=<n>`: how many calls of the run the upstream serves at once (unset: no limit). */
export const poolOf = (c: Context<DemoEnv>): number | undefined => {
  const raw = c.req.query('pool')
  return raw === undefined ? undefined : integer('pool', raw, 1, 1000)
}

const RUN = /^[\w.:-]{1,64}$/

/** `?run=<id>`: the run the upstream counts a call in ('' when unset: the default run). */
export const runOf = (c: Context<DemoEnv>): string => {
  const run = c.req.query('run')
  if (run === undefined) return ''
  if (!RUN.test(run)) {
    throw new BadParam(
      `run must be 1–64 letters, digits or "_.:-", got ${JSON.stringify(run.slice(0, 80))}`,
    )
  }
  return run
}

/** An integer query parameter within bounds, or `fallback` when it is absent. */
export const integerParam = (
  c: Context<DemoEnv>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number => {
  const raw = c.req.query(name)
  return raw === undefined ? fallback : integer(name, raw, min, max)
}

/** A query parameter that must be one of `choices`. */
export const choiceParam = <T extends string>(
  c: Context<DemoEnv>,
  name: string,
  choices: readonly T[],
): T => {
  const raw = c.req.query(name)
  if (choices.includes(raw as T)) return raw as T
  throw new BadParam(`${name} must be ${choices.join(' or ')}, got ${JSON.stringify(raw ?? null)}`)
}
