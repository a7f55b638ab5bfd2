/** A linear map from a domain to a range, as charts need for both axes. */
export const linear =
  ([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]) =>
  (value: number) =>
    d1 === d0 ? r0 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0)

/**
 * Round tick values from 0 to at least `max` (1, 2 or 5 times a power of ten
 * apart), so an axis reads "0 50 100 150", never "0 37 74". Counts are whole
 * numbers, so `integer` keeps the step at 1 or more.
 */
export const niceTicks = (max: number, count = 4, integer = true): number[] => {
  const top = Number.isFinite(max) && max > 0 ? max : 1
  const rough = top / count
  const power = 10 ** Math.floor(Math.log10(rough))
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough
  if (integer) step = Math.max(1, Math.round(step))
  const ticks: number[] = []
  for (let tick = 0; tick < top + step; tick += step) {
    ticks.push(Number(tick.toPrecision(12)))
    if (tick >= top) break
  }
  return ticks
}

/** The colour names the stylesheet defines, one per kind of line or bar. */
export type Tone = 'hits' | 'misses' | 'active' | 'upstream' | 'shared' | 'direct'
