-- Takes the lease if free, or extends it if we hold it. KEYS[1] lease key; ARGV[1] instance id, ARGV[2] ttl ms.
-- Returns 1 if we hold the lease afterwards, 0 otherwise.
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
elseif holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
