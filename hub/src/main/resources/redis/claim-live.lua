-- Claims endpoints for a live session, atomically, so two opens at once (on one hub or two) cannot both pass the
-- "one session per endpoint" rule. KEYS[1] the claims hash: endpoint id -> "session:rank:expiresAt" entries,
-- space-separated (a session that took over by a higher level sits beside the one it overrides).
-- ARGV[1] session id, ARGV[2] its level's rank, ARGV[3] its expiresAt ms, ARGV[4] now ms, ARGV[5..] endpoint ids.
-- Claims past their expiresAt count for nothing (the hub that held them may have died) and are dropped here.
-- Returns {1} when claimed, {0, holder} when an unexpired claim of the same or a higher rank holds an endpoint.
local id, rank, expires, now = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local kept = {}
for i = 5, #ARGV do
  local entries = {}
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value then
    for holder, r, e in string.gmatch(value, '(%S+):(%d+):(%d+)') do
      if tonumber(e) > now then
        if tonumber(r) >= rank then
          return {0, holder}
        end
        entries[#entries + 1] = holder .. ':' .. r .. ':' .. e
      end
    end
  end
  kept[i] = entries
end
for i = 5, #ARGV do
  local entries = kept[i]
  entries[#entries + 1] = id .. ':' .. rank .. ':' .. expires
  redis.call('HSET', KEYS[1], ARGV[i], table.concat(entries, ' '))
end
return {1}
