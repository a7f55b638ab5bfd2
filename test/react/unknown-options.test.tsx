// Issue 21.2 in the React entry: a misspelt option of the hook, of the
// provider (its props and its `options`), of `mutate` or a prop of the
// devtools panel is a TypeError that
// names it and the known one meant, thrown during render, where it is written.
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { SharedCall } from 'shared-call'
import { SharedCallDevtools } from 'shared-call/devtools'
import { mutate, SharedCallProvider, useSharedCall } from 'shared-call/react'
import { describe, expect, it, vi } from 'vitest'
import { PROPS as DEVTOOLS_PROPS } from '../../src/devtools/index'
import { rules } from '../../src/react/options'
import { PROPS } from '../../src/react/provider'
import { Boundary } from './boundary'

/** The message of what a tree threw while rendering, or undefined. */
const renderError = (tree: ReactNode): string | undefined => {
  const caught: unknown[] = []
  render(<Boundary caught={caught}>{tree}</Boundary>, { onCaughtError: () => {} })
  if (caught.length === 0) return undefined
  expect(caught[0]).toBeInstanceOf(TypeError)
  return (caught[0] as Error).message
}

function Hook({
  hookKey = 'k',
  options,
  fetcher = async () => 'x',
}: {
  hookKey?: unknown
  options?: object
  fetcher?: unknown
}) {
  ;(useSharedCall as (...args: unknown[]) => unknown)(hookKey, fetcher, options)
  return null
}

const known = (names: object) => Object.keys(names).join(', ')

describe('useSharedCall options', () => {
  it.each([
    ['timeOut', 'timeout', { timeOut: 5000 }, '5000'],
    ['refreshIntervall', 'refreshInterval', { refreshIntervall: 5 }, '5'],
    ['revalidateOnFocs', 'revalidateOnFocus', { revalidateOnFocs: false }, 'false'],
    ['fallbackdata', 'fallbackData', { fallbackdata: 'x' }, '"x"'],
    ['onsuccess', 'onSuccess', { onsuccess: () => {} }, 'a function'],
    ['errorRetryCont', 'errorRetryCount', { errorRetryCont: 3 }, '3'],
  ])('%s: did you mean `%s`?', (name, meant, options, got) => {
    expect(renderError(<Hook options={options} />)).toBe(
      `shared-call: useSharedCall options.${name} must be a known option (did you mean \`${meant}\`?), got ${got}`,
    )
  })

  it('lists every option when none looks like it', () => {
    // (Not `retry`: that now looks like `onErrorRetry`.)
    expect(renderError(<Hook options={{ zzz: 3 }} />)).toBe(
      `shared-call: useSharedCall options.zzz must be a known option (one of ${known(rules)}), got 3`,
    )
  })

  it('is checked while the key waits too, and for an option set to undefined', () => {
    expect(renderError(<Hook hookKey={null} options={{ timeOut: undefined }} />)).toBe(
      'shared-call: useSharedCall options.timeOut must be a known option (did you mean `timeout`?), got undefined',
    )
  })

  it('takes every option it documents, fallbackData among them, without fetching twice', () => {
    const fetcher = vi.fn(async () => 'x')
    const every = { fallbackData: 'x', enabled: false, timeout: 5, onSuccess: () => {} }
    expect(renderError(<Hook options={every} fetcher={fetcher} />)).toBeUndefined()
    expect(fetcher).not.toHaveBeenCalled()
  })
})

describe('SharedCallProvider', () => {
  it('a prop it does not have: `shared`, the name other entries use, is `value` here', () => {
    const shared = new SharedCall()
    const props = { shared } as object
    expect(renderError(<SharedCallProvider {...props} />)).toBe(
      `shared-call: SharedCallProvider props.shared must be a known option (one of ${known(PROPS)}), got a SharedCall`,
    )
    expect(known(PROPS)).toBe('value, fallback, options, children')
  })

  it('a misspelt prop', () => {
    const props = { fallBack: { k: 1 } } as object
    expect(renderError(<SharedCallProvider {...props} />)).toBe(
      'shared-call: SharedCallProvider props.fallBack must be a known option (did you mean `fallback`?), got an object',
    )
  })

  it('a misspelt default option for the hooks below', () => {
    expect(renderError(<SharedCallProvider options={{ gcTme: 1000 } as never} />)).toBe(
      'shared-call: SharedCallProvider options.gcTme must be a known option (did you mean `gcTime`?), got 1000',
    )
  })
})

describe('mutate options', () => {
  it('a misspelt option is refused before anything changes', async () => {
    const shared = new SharedCall()
    expect(() => mutate(shared, 'k', 'new', { revalidte: false } as never)).toThrow(
      'shared-call: mutate options.revalidte must be a known option (did you mean `revalidate`?), got false',
    )
    // The data was not set.
    await expect(mutate(shared, 'k', (data) => data, { revalidate: false })).resolves.toBe(
      undefined,
    )
  })

  it('optimisticData is one of them', async () => {
    const shared = new SharedCall()
    await expect(
      mutate<string>(shared, 'k', 'new', { optimisticData: 'soon', revalidate: false }),
    ).resolves.toBe('new')
  })
})

describe('devtools props', () => {
  it('a misspelt prop names the one meant', () => {
    expect(renderError(<SharedCallDevtools {...({ initialOpen: true } as object)} />)).toBe(
      'shared-call: <SharedCallDevtools> props.initialOpen must be a known option (did you mean `initialIsOpen`?), got true',
    )
  })

  it('lists every prop when none looks like it, and takes the documented ones', () => {
    expect(renderError(<SharedCallDevtools {...({ position: 'left' } as object)} />)).toBe(
      `shared-call: <SharedCallDevtools> props.position must be a known option (one of ${DEVTOOLS_PROPS.join(', ')}), got "left"`,
    )
    expect(
      renderError(<SharedCallDevtools shared={new SharedCall()} initialIsOpen showInProduction />),
    ).toBeUndefined()
  })
})

describe('an array key that cannot be encoded', () => {
  it('says to put an id in the key: the hook has no `key` function to pass', () => {
    const message = renderError(<Hook hookKey={['user', () => 1]} />)
    expect(message).toBe(
      'shared-call: a key part must be a string, number, bigint, boolean, null, undefined, array, plain object, Date, Map, Set or object with toJSON (put an id in the key instead), got a function',
    )
    expect(message).not.toContain('`key` function')
  })
})
