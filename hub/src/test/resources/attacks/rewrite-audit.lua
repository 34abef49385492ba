-- What a local attacker with the hub's Redis password can do to a stream: replace it with an edited copy that
-- keeps every id (streams have no in-place edit). KEYS[1] the stream; ARGV[1] the id of the entry to edit,
-- ARGV[2] the field, ARGV[3] its new value ('' as the id: a faithful copy). Returns the number of entries copied.
local all = redis.call('XRANGE', KEYS[1], '-', '+')
redis.call('DEL', KEYS[1])
for _, entry in ipairs(all) do
  local fields = entry[2]
  if entry[1] == ARGV[1] then
    for i = 1, #fields, 2 do
      if fields[i] == ARGV[2] then fields[i + 1] = ARGV[3] end
    end
  end
  redis.call('XADD', KEYS[1], entry[1], unpack(fields))
end
return #all
