-- A check passed: forget the pair's failures and give back the reservation the attempt took from
-- the address and username counts (never creating a count without expiry). KEYS as login-attempt.
redis.call('DEL', KEYS[2])
for i = 1, 3, 2 do
  if redis.call('GET', KEYS[i]) and tonumber(redis.call('GET', KEYS[i])) > 0 then redis.call('DECR', KEYS[i]) end
end
return 1
