-- Appends one entry to the hash-chained audit stream: reads the newest entry, hashes it and adds the new entry
-- with that hash as its 'prev', all in one script, so appends from several hubs at once keep one chain (one key:
-- legal on Redis Cluster). The hash is defined in audit/AuditChain.java and docs/api.md ("Audit chain"):
-- SHA-256 over "dlb-audit-1," followed by, for id, user, action, at, details, prev in this order, the value's byte
-- length in decimal, ':', the value and ','. The first entry of an empty stream gets 64 zeros.
-- KEYS[1] the stream; ARGV[1] the cap (MAXLEN ~), ARGV[2] user, ARGV[3] action, ARGV[4] at (ms), ARGV[5] details JSON
-- Returns the new entry's id.
local band, bor, bxor, bnot, rshift, lshift, ror, tobit, tohex =
  bit.band, bit.bor, bit.bxor, bit.bnot, bit.rshift, bit.lshift, bit.ror, bit.tobit, bit.tohex
local K = {0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,
  0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,
  0x4a7484aa,0x5cb0a9dc,0x76f988da,0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
  0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,
  0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,
  0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2}

local function sha256(msg)
  local len = #msg
  local bits = len * 8
  local hi, lo = math.floor(bits / 4294967296), bits % 4294967296
  msg = msg .. '\128' .. string.rep('\0', (55 - len) % 64)
    .. string.char(math.floor(hi / 16777216) % 256, math.floor(hi / 65536) % 256, math.floor(hi / 256) % 256, hi % 256,
      math.floor(lo / 16777216) % 256, math.floor(lo / 65536) % 256, math.floor(lo / 256) % 256, lo % 256)
  local h0, h1, h2, h3, h4, h5, h6, h7 = 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  local w = {}
  for chunk = 1, #msg, 64 do
    for i = 1, 16 do
      local b1, b2, b3, b4 = string.byte(msg, chunk + (i - 1) * 4, chunk + (i - 1) * 4 + 3)
      w[i] = bor(lshift(b1, 24), lshift(b2, 16), lshift(b3, 8), b4)
    end
    for i = 17, 64 do
      local s0 = bxor(ror(w[i - 15], 7), ror(w[i - 15], 18), rshift(w[i - 15], 3))
      local s1 = bxor(ror(w[i - 2], 17), ror(w[i - 2], 19), rshift(w[i - 2], 10))
      w[i] = tobit(w[i - 16] + s0 + w[i - 7] + s1)
    end
    local a, b, c, d, e, f, g, h = h0, h1, h2, h3, h4, h5, h6, h7
    for i = 1, 64 do
      local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
      local ch = bxor(band(e, f), band(bnot(e), g))
      local t1 = tobit(h + S1 + ch + K[i] + w[i])
      local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
      local maj = bxor(band(a, b), band(a, c), band(b, c))
      local t2 = tobit(S0 + maj)
      h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + t2)
    end
    h0, h1, h2, h3 = tobit(h0 + a), tobit(h1 + b), tobit(h2 + c), tobit(h3 + d)
    h4, h5, h6, h7 = tobit(h4 + e), tobit(h5 + f), tobit(h6 + g), tobit(h7 + h)
  end
  return tohex(h0, 8) .. tohex(h1, 8) .. tohex(h2, 8) .. tohex(h3, 8) .. tohex(h4, 8) .. tohex(h5, 8) .. tohex(h6, 8) .. tohex(h7, 8)
end

local function canonical(id, fields)
  local parts = {'dlb-audit-1,'}
  for _, value in ipairs({id, fields.user or '', fields.action or '', fields.at or '', fields.details or '', fields.prev or ''}) do
    parts[#parts + 1] = #value .. ':' .. value .. ','
  end
  return table.concat(parts)
end

local prev = string.rep('0', 64)
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last > 0 then
  local fields = {}
  local flat = last[1][2]
  for i = 1, #flat, 2 do fields[flat[i]] = flat[i + 1] end
  prev = sha256(canonical(last[1][1], fields))
end
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'user', ARGV[2], 'action', ARGV[3], 'at', ARGV[4],
  'details', ARGV[5], 'prev', prev)
