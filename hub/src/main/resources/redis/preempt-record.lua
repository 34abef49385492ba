-- Decides, once, what follows a preemption of one endpoint's routine play: where the next segment starts
-- and its number. Any hub may run it for any receipt; a retried batch or a repeated receipt of a segment
-- already decided changes nothing, so exactly one resume is ever planned per preempted segment.
-- KEYS[1] delivery hash (endpoint -> record JSON), KEYS[2] the fire's planned resumes (endpoint -> JSON)
-- ARGV[1] endpoint id, ARGV[2] the preempted segment (0 the original play, N its re-send .pN),
-- ARGV[3] device time of the PREEMPTED receipt (ms), ARGV[4] 'resume' or 'restart', ARGV[5] the programme's
-- duration (ms), ARGV[6] what the record notes (resumed|restarted), ARGV[7] hub time (ms),
-- ARGV[8] the rank of every state as JSON (DeliveryState.rank): a record already final is over, nothing follows
-- Returns {'planned', segment number of the resume, offset ms, ms played} or {'same'} or {'unknown'}.
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return {'unknown'}
end
local record = cjson.decode(current)
local rank = cjson.decode(ARGV[8])
local final = 0
for _, r in pairs(rank) do if r > final then final = r end end
local segment = tonumber(ARGV[2])
if segment < (record.pn or 0) or rank[record.s] >= final then
  return {'same'}
end
local ts = tonumber(ARGV[3])
local started = record.dsta or ts
local played = (record.off or 0) + math.max(0, ts - started)
local offset = 0
if ARGV[4] == 'resume' then
  offset = math.min(played, math.max(0, tonumber(ARGV[5]) - 1))
end
record.pn = segment + 1
record.off = offset
record.pre = ARGV[6]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode({n = segment + 1, off = offset, at = tonumber(ARGV[7])}))
return {'planned', segment + 1, offset, played}
