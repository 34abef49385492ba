-- Ends every record whose state is listed in ARGV[4] (comma separated), e.g. on cancel or expiry.
-- KEYS[1] delivery hash, KEYS[2] counts hash
-- ARGV[1] new final state, ARGV[2] reason, ARGV[3] hub time (ms), ARGV[4] states to close
-- Returns the endpoint ids whose records changed.
local closable = {}
for state in string.gmatch(ARGV[4], '[^,]+') do closable[state] = true end
local all = redis.call('HGETALL', KEYS[1])
local changed = {}
local now = tonumber(ARGV[3])
for i = 1, #all, 2 do
  local record = cjson.decode(all[i + 1])
  if closable[record.s] then
    redis.call('HINCRBY', KEYS[2], record.s, -1)
    redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
    record.s = ARGV[1]
    record['end'] = now
    record.r = ARGV[2]
    redis.call('HSET', KEYS[1], all[i], cjson.encode(record))
    changed[#changed + 1] = all[i]
  end
end
return changed
