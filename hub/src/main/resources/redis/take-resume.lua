-- Claims a planned resume for sending: the first caller gets it, every later one (a second leader during a
-- hand-over, a repeated tick) gets 'no', so a resume goes out once.
-- KEYS[1] the fire's planned resumes (endpoint -> JSON); ARGV[1] endpoint id, ARGV[2] segment number, ARGV[3] hub time
-- Returns 'taken', or 'no' when it is unknown, superseded or already sent.
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return 'no'
end
local plan = cjson.decode(current)
if plan.n ~= tonumber(ARGV[2]) or plan.sent then
  return 'no'
end
plan.sent = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(plan))
return 'taken'
