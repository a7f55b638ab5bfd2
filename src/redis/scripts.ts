// Lua, so that each step is atomic on the server. Leases hold a random token:
// only their holder renews or releases them.

/**
 * KEYS[1] lease, KEYS[2] result, ARGV[1] token, ARGV[2] ms → 1 if we lead.
 * A new flight drops the previous flight's kept result, so its waiters get
 * this flight's result, never an older one.
 */
export const LEAD = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('DEL', KEYS[2])
  return 1
end
return 0`

/** KEYS[1] lease, ARGV[1] token, ARGV[2] ms → 1 if renewed, 0 if the lease was lost. */
export const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`

/** KEYS[1] lease, ARGV[1] token, ARGV[2] channel → deletes the lease if ours and says "ended". */
export const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], 'e')
  return 1
end
return 0`

/** KEYS[1] result, ARGV[1] base64 bytes, ARGV[2] ttl ms, ARGV[3] channel → stores, then wakes. */
export const PUBLISH = `redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], 'r' .. ARGV[1])
return 1`

/** KEYS[1] result, KEYS[2] lease → { stored result or false, lease PTTL }, in one snapshot. */
export const CHECK = `return { redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[2]) }`

/** Redis keys and channel of a namespaced key (`<namespace>:<key>`). */
export const names = (key: string) => ({
  lease: `sc:lease:${key}`,
  result: `sc:result:${key}`,
  channel: `sc:done:${key}`,
})
