-- Sets one annotation field on an endpoint's delivery record without touching its state.
-- KEYS[1] delivery hash; ARGV[1] endpoint id, ARGV[2] field, ARGV[3] value
-- Returns 1 if the record exists, 0 otherwise.
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return 0
end
local record = cjson.decode(current)
record[ARGV[2]] = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1
