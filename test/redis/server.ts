import { Redis as IoRedis } from 'ioredis'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { type Redis, startRedis } from '../support/redis-server'

/**
 * A redis-server for the tests of one file: started before them, emptied
 * after each (running its `cleanup` steps first, last added first), stopped
 * after all. `admin` is a client of its own for looking and poking.
 */
export const redisForTests = () => {
  let server: Redis | undefined
  let admin: IoRedis | undefined
  const cleanup: (() => unknown)[] = []
  beforeAll(async () => {
    server = await startRedis()
    admin = new IoRedis(server.url)
  })
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
    await admin?.flushall()
  })
  afterAll(async () => {
    admin?.disconnect()
    await server?.stop()
  })
  return {
    get url() {
      return server!.url
    },
    get admin() {
      return admin!
    },
    /** Steps run after the current test, last added first. */
    cleanup,
  }
}
