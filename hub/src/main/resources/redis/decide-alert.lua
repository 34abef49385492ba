-- The two-person rule's one atomic step: decides an alert only while it is still in the state expected, so two hubs
-- (or an approver and the expiry timer) deciding at once change it once. All keys share the alert's {id} hash tag.
-- KEYS[1] the alert, KEYS[2] its delivery records, KEYS[3] its counts.
-- ARGV[1] the state expected (pending_approval), ARGV[2] the alert's new JSON, ARGV[3] the pending record to write
-- for each endpoint ('' for none), ARGV[4] n: count pairs that follow (field, value), then the endpoint ids.
-- Returns 'ok', or the state the alert is in ('' when there is none).
local current = redis.call('GET', KEYS[1])
if not current then
  return ''
end
local state = cjson.decode(current)['state']
if state ~= ARGV[1] then
  return state
end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] ~= '' then
  local n = tonumber(ARGV[4])
  for i = 5, 4 + 2 * n, 2 do
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  end
  for i = 5 + 2 * n, #ARGV do
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[3])
  end
end
return 'ok'
