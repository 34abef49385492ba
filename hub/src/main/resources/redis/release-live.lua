-- Releases a live session's claims (claim-live.lua) when it ends. KEYS[1] the claims hash; ARGV[1] session id,
-- ARGV[2..] endpoint ids. Other sessions' entries stay. Returns 1.
local prefix = ARGV[1] .. ':'
for i = 2, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value then
    local entries = {}
    for entry in string.gmatch(value, '%S+') do
      if string.sub(entry, 1, #prefix) ~= prefix then
        entries[#entries + 1] = entry
      end
    end
    if #entries == 0 then
      redis.call('HDEL', KEYS[1], ARGV[i])
    else
      redis.call('HSET', KEYS[1], ARGV[i], table.concat(entries, ' '))
    end
  end
end
return 1
