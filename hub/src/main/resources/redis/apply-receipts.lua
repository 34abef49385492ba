-- Moves many endpoints' delivery records of one command (alert, routine play, prefetch) forward (never back) and keeps the per-state
-- counts, for a whole batch of receipts in one call, so a burst of receipts costs Redis one
-- script invocation per alert and batch instead of one per receipt.
-- KEYS[1] delivery hash (endpoint -> record JSON), KEYS[2] counts hash
-- ARGV[1] the rank of every state as JSON ({"pending":0,...}; the one source is DeliveryState.rank in Java),
-- then groups of five: endpoint id, new state, hub time (ms), reason or '', device ts
-- Returns one entry per group, in order: the previous state if the record moved, 'same:<state>' if it
-- did not, 'unknown' if there is no record.
local rank = cjson.decode(ARGV[1])
local final = 0
for _, r in pairs(rank) do if r > final then final = r end end
local results = {}
local delta = {}
for i = 2, #ARGV, 5 do
  local endpoint, new = ARGV[i], ARGV[i + 1]
  local current = redis.call('HGET', KEYS[1], endpoint)
  if not current then
    results[#results + 1] = 'unknown'
  else
    local record = cjson.decode(current)
    local old = record.s
    if rank[old] >= final or rank[new] <= rank[old] then
      -- a resumed segment of a preempted play starts again: its device start time is where the next preemption counts from
      if new == 'playing' and old == 'playing' and record.pn then
        record.dsta = tonumber(ARGV[i + 4])
        redis.call('HSET', KEYS[1], endpoint, cjson.encode(record))
      end
      results[#results + 1] = 'same:' .. old
    else
      local now = tonumber(ARGV[i + 2])
      record.s = new
      if new == 'received' then
        record.rcv = now
      elseif new == 'playing' then
        record.rcv = record.rcv or now
        record.sta = now
        record.dsta = tonumber(ARGV[i + 4])
      elseif new == 'played' or new == 'ready' then
        record.rcv = record.rcv or now
        record.fin = now
      else
        record['end'] = now
        if ARGV[i + 3] ~= '' then record.r = ARGV[i + 3] end
      end
      redis.call('HSET', KEYS[1], endpoint, cjson.encode(record))
      delta[old] = (delta[old] or 0) - 1
      delta[new] = (delta[new] or 0) + 1
      results[#results + 1] = old
    end
  end
end
for state, change in pairs(delta) do
  if change ~= 0 then
    redis.call('HINCRBY', KEYS[2], state, change)
  end
end
return results
