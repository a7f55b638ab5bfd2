// Lua, so that each step is atomic on the server, and fenced: a lease is
// stored as "<generation>:<token>", and only the holder of the token renews,
// publishes or releases it. Results are stored as "<generation>:<base64>" and
// announced as "r<generation>:<base64>:<channel>"; a lease that ends without
// a result as "e<generation>::<channel>" (see `announce` for where).
//
// Every script touches the keys of one name only, which share a hash tag, so
// in Redis Cluster they all live on one slot, and so does the name's sharded
// channel.
import { type Script, script } from './run-script'

export type { Script }

/**
 * The generation (as a number, and as the text it was stored as) and the
 * token of a stored lease or result "<generation>:<rest>"; nils for nothing.
 * The text is what goes back into values: Lua would print a number of 16
 * digits in exponent form.
 */
const HELD = `local function held(value)
  local generation, rest = string.match(value or '', '^(%d+):(.*)$')
  return tonumber(generation), rest, generation
end
`

/** Keeps the name's generation counter (KEYS[counter]) at least `ms` more. */
const REMEMBER = `local function remember(counter, ms)
  if redis.call('PTTL', counter) < tonumber(ms) then redis.call('PEXPIRE', counter, ms) end
end
`

/**
 * KEYS lease, result, counter; ARGV token, lease ms, waited ('' for a new flight)
 * → {'r', stored result} | {'f', generation followed} | {'l', generation led}.
 *
 * A new lease never drops the stored result: a slow waiter of the last
 * flight may be about to read it.
 *
 * The counter of a name lives as long as its leases and results, refreshed
 * by every lead, renewal and publish, so an idle name leaves nothing behind.
 * A lease takes the counter plus one or the server's clock in µs, whichever
 * is greater, and above the stored result's generation: so generations keep
 * growing when the counter is lost or set back (expired, evicted, or a
 * failover that lost its last writes; the new primary's clock need only be
 * less far behind than the failover took), as a counter counts at most one
 * per command and commands take more than a µs. Fencing itself never relies
 * on the counter: a lease is matched by its random token, so a stale holder
 * is refused whatever the generations say.
 */
export const LEAD = script(`${HELD}${REMEMBER}
local waited = tonumber(ARGV[3])
local stored = redis.call('GET', KEYS[2])
local storedGeneration = held(stored)
if waited and storedGeneration and storedGeneration >= waited then return {'r', stored} end
local holder = held(redis.call('GET', KEYS[1]))
if holder then return {'f', holder} end
if redis.replicate_commands then redis.replicate_commands() end
local now = redis.call('TIME')
local generation = math.max(
  (tonumber(redis.call('GET', KEYS[3])) or 0) + 1,
  tonumber(now[1]) * 1000000 + tonumber(now[2]))
if storedGeneration and storedGeneration >= generation then generation = storedGeneration + 1 end
local text = string.format('%.0f', generation)
redis.call('SET', KEYS[3], text, 'KEEPTTL')
redis.call('SET', KEYS[1], text .. ':' .. ARGV[1], 'PX', ARGV[2])
remember(KEYS[3], ARGV[2])
return {'l', generation}`)

/**
 * KEYS lease, counter, waiters; ARGV token, ms → 1 if renewed, 0 if the lease
 * was lost. The waiters registered stay as long as the lease: one paused
 * since it registered still hears the result, queued on its connection.
 */
export const RENEW = script(`${HELD}${REMEMBER}
local _, token = held(redis.call('GET', KEYS[1]))
if token ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
remember(KEYS[2], ARGV[2])
return 1`)

/**
 * Tells the waiters of a name: on its own channel with `command` (SPUBLISH on
 * a cluster; '' on one server), and in the inbox of each process registered
 * in its waiters set (one server), which it empties. Every message ends with
 * the channel's name, so one inbox serves every name.
 */
const ANNOUNCE = `local function announce(waiters, command, channel, message)
  message = message .. ':' .. channel
  if command ~= '' then redis.call(command, channel, message) end
  for _, inbox in ipairs(redis.call('SMEMBERS', waiters)) do redis.call('PUBLISH', inbox, message) end
  redis.call('DEL', waiters)
end
`

/**
 * KEYS lease, result, counter, waiters; ARGV token, base64 bytes, ttl ms,
 * channel, command → 1 if the lease still held: the result is stored with its
 * generation, the lease ends, the waiters hear "r<generation>:<base64>". 0,
 * and nothing changes, if it was lost.
 */
export const PUBLISH = script(`${HELD}${REMEMBER}${ANNOUNCE}
local _, token, generation = held(redis.call('GET', KEYS[1]))
if token ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], generation .. ':' .. ARGV[2], 'PX', ARGV[3])
remember(KEYS[3], ARGV[3])
announce(KEYS[4], ARGV[5], ARGV[4], 'r' .. generation .. ':' .. ARGV[2])
return 1`)

/**
 * KEYS lease, waiters; ARGV token, channel, command → ends the lease if it
 * holds, and tells the waiters "e<generation>:" (no result: lead again).
 */
export const RELEASE = script(`${HELD}${ANNOUNCE}
local _, token, generation = held(redis.call('GET', KEYS[1]))
if token ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
announce(KEYS[2], ARGV[3], ARGV[2], 'e' .. generation .. ':')
return 1`)

/**
 * KEYS result, lease, waiters; ARGV generation, inbox → {'r', stored result}
 * when one of that generation or newer is stored, {'w', lease PTTL} while
 * that generation's lease holds, else {'n'}: in one snapshot. With 'w', the
 * inbox (unless '') joins the waiters set until the lease would expire, and
 * each renewal keeps it there as long again: the waiter looks again when
 * the lease it saw would have run out, in case its leader died.
 */
export const WAIT = script(`${HELD}
local wanted = tonumber(ARGV[1])
local stored = redis.call('GET', KEYS[1])
local storedGeneration = held(stored)
if storedGeneration and storedGeneration >= wanted then return {'r', stored} end
if held(redis.call('GET', KEYS[2])) ~= wanted then return {'n'} end
local ttl = redis.call('PTTL', KEYS[2])
if ARGV[2] ~= '' then
  redis.call('SADD', KEYS[3], ARGV[2])
  redis.call('PEXPIRE', KEYS[3], ttl)
end
return {'w', ttl}`)

const ESCAPED: Record<string, string> = { '%': '%25', '{': '%7B', '}': '%7D' }

/**
 * The Redis keys and channel of a flight name. They share one hash tag, the
 * name with `%`, `{` and `}` percent-encoded: the tag holds no brace (Redis
 * Cluster hashes what lies between the first `{` and the next `}`), and
 * distinct names give distinct tags.
 */
export const names = (name: string) => {
  const tag = `sc:{${name.replace(/[%{}]/g, (char) => ESCAPED[char]!)}}`
  return {
    lease: `${tag}:lease`,
    result: `${tag}:result`,
    counter: `${tag}:generation`,
    waiters: `${tag}:waiters`,
    channel: `${tag}:done`,
  }
}

export type Names = ReturnType<typeof names>
