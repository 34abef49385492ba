-- Moves one endpoint's delivery record forward (never back) and keeps the per-state counts.
-- KEYS[1] delivery hash (endpoint -> record JSON), KEYS[2] counts hash
-- ARGV[1] endpoint id, ARGV[2] new state, ARGV[3] hub time (ms), ARGV[4] reason or '', ARGV[5] device ts
-- Returns the previous state if the record moved, 'same:<state>' if it did not, 'unknown' if no record.
local rank = {pending = 0, received = 1, playing = 2, played = 3, ready = 3, failed = 3, expired = 3, cancelled = 3}
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return 'unknown'
end
local record = cjson.decode(current)
local old = record.s
if rank[old] >= 3 or rank[ARGV[2]] <= rank[old] then
  return 'same:' .. old
end
local now = tonumber(ARGV[3])
local new = ARGV[2]
record.s = new
if new == 'received' then
  record.rcv = now
elseif new == 'playing' then
  record.rcv = record.rcv or now
  record.sta = now
  record.dsta = tonumber(ARGV[5])
elseif new == 'played' or new == 'ready' then
  record.rcv = record.rcv or now
  record.fin = now
else
  record['end'] = now
  if ARGV[4] ~= '' then record.r = ARGV[4] end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
redis.call('HINCRBY', KEYS[2], old, -1)
redis.call('HINCRBY', KEYS[2], new, 1)
return old
