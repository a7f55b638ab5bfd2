// No combination of options renders in a loop (issue 22.1): every option the
// hook has, with the value most likely to loop, in pairs, on trees that mount
// components of a key as it loads. A loop is renders without time passing:
// the clock moves in steps and no step may render more than a few times per
// component; a component that renders far more throws, so a loop fails the
// test instead of hanging it.
import { act, render } from '@testing-library/react'
import { Component, type ReactNode, Suspense } from 'react'
import { type UseSharedCallOptions, useSharedCall } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { settle, useFakeClock, withInstance } from './harness'

type Options = UseSharedCallOptions<string>

/**
 * Each option with the values to try. Typed as a record of every option, so
 * an option added to the hook does not compile until it is tried here.
 */
const values: { [K in keyof Required<Options>]: Options[K][] } = {
  enabled: [false],
  timeout: [3],
  shareFor: [2000],
  dedupingInterval: [0],
  gcTime: [0],
  revalidateOnMount: [true, false],
  revalidateIfStale: [false],
  revalidateOnFocus: [false],
  focusThrottleInterval: [0],
  revalidateOnReconnect: [false],
  refreshInterval: [1],
  refreshWhenHidden: [true],
  shouldRetryOnError: [false],
  errorRetryCount: [0],
  errorRetryInterval: [0],
  onSuccess: [() => {}],
  onError: [() => {}],
  // Retries at once, with no backoff.
  onErrorRetry: [(_error, _key, _config, revalidate) => revalidate()],
  onLoadingSlow: [() => {}],
  loadingTimeout: [0],
  onDiscarded: [() => {}],
  isPaused: [() => true],
  // Every answer differs from the data shown, even an equal one.
  compare: [() => false],
  fetcher: [() => 'from options'],
  suspense: [true],
  keepPreviousData: [true],
  fallbackData: ['fallback'],
}

const choices = Object.entries(values).flatMap(([name, list]) =>
  (list as unknown[]).map((value) => ({ [name]: value }) as Options),
)
const pairs: [string, Options][] = []
for (let i = 0; i < choices.length; i++) {
  for (let j = i + 1; j < choices.length; j++) {
    const [a, b] = [choices[i]!, choices[j]!]
    if (Object.keys(a)[0] === Object.keys(b)[0]) continue
    const options = { ...a, ...b }
    pairs.push([JSON.stringify(options, (_, v) => (typeof v === 'function' ? 'fn' : v)), options])
  }
}

/** Renders in the current step; past `CAP`, the rendering component throws. */
let rendered = 0
const CAP = 200
const counted = () => {
  if (++rendered > CAP) throw new Error(`render loop: more than ${CAP} renders in one step`)
}

/** Fetches take 5 ms of the fake clock; each answer differs, so each one renders. */
let fetches = 0
const fetcher = (fail?: boolean) => () =>
  new Promise<string>((resolve, reject) => {
    const n = ++fetches
    setTimeout(() => (fail && n % 2 ? reject(new Error(`failed ${n}`)) : resolve(`v${n}`)), 5)
  })
const ok = fetcher()
const flaky = fetcher(true)

class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError() {
    return { failed: true }
  }
  override render() {
    return this.state.failed ? <p>failed</p> : this.props.children
  }
}

/** SWR's nested case: the child mounts once the key is not validating. */
function Nested({ options }: { options: Options }) {
  counted()
  const { isValidating } = useSharedCall('nested', ok, options)
  return isValidating ? <p>loading</p> : <Other id="nested" fetcher={ok} options={options} />
}

/** Another component of the key `id`, that reads its data. */
function Other({
  id,
  fetcher,
  options,
}: {
  id: string
  fetcher: () => Promise<string>
  options: Options
}) {
  counted()
  return <p>{useSharedCall(id, fetcher, options).data}</p>
}

/** SWR's cache-value case: a new component type on each render, so it mounts anew each time. */
function Remounting({ options }: { options: Options }) {
  counted()
  const { data } = useSharedCall('remounting', ok, options)
  // biome-ignore lint/correctness/noComponentHookFactories: a new component type on each render is the case under test
  const Shown = () => {
    counted()
    const { isLoading, isValidating } = useSharedCall('remounting', ok, options)
    return <p>{`${data},${isLoading},${isValidating}`}</p>
  }
  return <Shown />
}

/** SWR's active-error case: a second component mounts once the key has an error. */
function Failing({ options }: { options: Options }) {
  counted()
  const { error, isLoading } = useSharedCall('failing', flaky, options)
  if (isLoading) return <p>loading</p>
  return (
    <>
      <p>{error?.message}</p>
      {error && <Other id="failing" fetcher={flaky} options={options} />}
    </>
  )
}

/** A key that changes once it has data (keepPreviousData, revalidateOnMount on a new key). */
function Switching({ options }: { options: Options }) {
  counted()
  const first = useSharedCall('switching-1', ok, options)
  const { data } = useSharedCall(first.data ? 'switching-2' : null, ok, options)
  return <p>{data}</p>
}

describe('no render loop with any two options', () => {
  it('tries every option the hook has', () => {
    expect(pairs.length).toBeGreaterThan(200)
  })

  it.each(pairs)('%s', async (_, options) => {
    useFakeClock()
    const { wrap } = withInstance()
    const tree = (
      <Boundary>
        <Suspense fallback={<p>suspended</p>}>
          <Nested options={options} />
          <Remounting options={options} />
          <Failing options={options} />
          <Switching options={options} />
        </Suspense>
      </Boundary>
    )
    rendered = 0
    // Suspense sends fetch errors to the boundary: expected, and kept off the console.
    const caught: unknown[] = []
    await settle(() => render(wrap(tree), { onCaughtError: (error) => caught.push(error) }))
    let most = rendered
    // 20 steps of 10 ms: each fetch, retry and refresh takes at least 5 ms.
    for (let step = 0; step < 20; step++) {
      rendered = 0
      await act(async () => {
        vi.advanceTimersByTime(10)
      })
      most = Math.max(most, rendered)
    }
    // A few renders per component per step: what the fetches of that step cause.
    expect(most).toBeLessThanOrEqual(40)
    for (const error of caught) expect(String(error)).not.toMatch(/render loop/)
  })
})
