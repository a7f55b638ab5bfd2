// Every entry's list of known options names every option its type documents
// (and nothing else): an option added to a type but not to its list would be
// refused as unknown at run time. The hook, the provider and mutate check
// with tables typed per option, so the compiler already holds them to it.
import { describe, expectTypeOf, it } from 'vitest'
import type { OPTIONS as DEFINE_OPTIONS } from '../../src/coordinator/define'
import type { CoordinatorOptions } from '../../src/coordinator/types'
import type { GROUP_OPTIONS, GroupOptions } from '../../src/core/group'
import type {
  OPTIONS,
  RUN_OPTIONS,
  RunOptions,
  SharedCallInstanceOptions,
} from '../../src/core/shared-call'
import type { PROPS as DEVTOOLS_PROPS, SharedCallDevtoolsProps } from '../../src/devtools/index'
import type { KNOWN, SharedCallMiddlewareOptions } from '../../src/hono/options'
import type { InstrumentOptions, KNOWN as OTEL_OPTIONS } from '../../src/otel/options'
import type { OPTIONS as REDIS_OPTIONS, RedisCoordinatorOptions } from '../../src/redis/index'
import type {
  OPTIONS as TABS_OPTIONS,
  TabsCoordinatorOptions,
} from '../../src/tabs/tabs-coordinator'

type Listed<List extends readonly string[]> = List[number]

describe('known-option lists are complete', () => {
  it('core', () => {
    expectTypeOf<Listed<typeof OPTIONS>>().toEqualTypeOf<keyof SharedCallInstanceOptions>()
    expectTypeOf<Listed<typeof RUN_OPTIONS>>().toEqualTypeOf<keyof RunOptions>()
    expectTypeOf<Listed<typeof GROUP_OPTIONS>>().toEqualTypeOf<keyof GroupOptions>()
  })

  it('hono', () => {
    expectTypeOf<Listed<typeof KNOWN>>().toEqualTypeOf<keyof SharedCallMiddlewareOptions>()
  })

  it('otel and devtools', () => {
    expectTypeOf<Listed<typeof OTEL_OPTIONS>>().toEqualTypeOf<keyof InstrumentOptions>()
    expectTypeOf<Listed<typeof DEVTOOLS_PROPS>>().toEqualTypeOf<keyof SharedCallDevtoolsProps>()
  })

  it('coordinators', () => {
    expectTypeOf<Listed<typeof DEFINE_OPTIONS>>().toEqualTypeOf<keyof CoordinatorOptions>()
    expectTypeOf<Listed<typeof REDIS_OPTIONS>>().toEqualTypeOf<keyof RedisCoordinatorOptions>()
    expectTypeOf<Listed<typeof TABS_OPTIONS>>().toEqualTypeOf<keyof TabsCoordinatorOptions>()
  })
})
