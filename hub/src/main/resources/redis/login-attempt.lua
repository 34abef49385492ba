-- Reserves one password check, atomically and before the check, so simultaneous guesses cannot
-- all pass the limit. KEYS[1] failures from the address, KEYS[2] of the username from the address,
-- KEYS[3] of the username from anywhere. ARGV: window seconds, pair limit, address limit,
-- username soft limit (every caller waits a little), username hard limit (addresses that already
-- failed for it are refused; an address with no failure for it never is).
-- Returns {allowed, retry after s, delay ms, pair count, address count, username count}.
local window = tonumber(ARGV[1])
local function count(key) return tonumber(redis.call('GET', key) or '0') end
local function ttl(key)
  local left = redis.call('TTL', key)
  if left < 1 then return 1 end
  return left
end
local address = count(KEYS[1])
if address >= tonumber(ARGV[3]) then return {0, ttl(KEYS[1]), 0, 0, address, 0} end
local pair = count(KEYS[2])
if pair >= tonumber(ARGV[2]) then return {0, ttl(KEYS[2]), 0, pair, address, 0} end
local user = count(KEYS[3])
if user >= tonumber(ARGV[5]) and pair > 0 then return {0, ttl(KEYS[3]), 0, pair, address, user} end
local function incr(key)
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, window) end
  return n
end
address = incr(KEYS[1])
pair = incr(KEYS[2])
user = incr(KEYS[3])
local delay = 0
if pair > 1 then delay = math.min(4000, 250 * 2 ^ (pair - 2)) end
if user > tonumber(ARGV[4]) then delay = math.max(delay, 1000) end
return {1, 0, delay, pair, address, user}
