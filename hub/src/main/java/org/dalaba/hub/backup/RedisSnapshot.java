package org.dalaba.hub.backup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hub's Redis keys as one point-in-time copy: a Lua script scans every {@code dlb:*} key and
 * DUMPs it with its remaining time to live, atomically, so the copy is consistent while the hub runs
 * (Redis serves nobody else for the few milliseconds a county's data takes). It needs only SCAN, PTTL
 * and DUMP, which the embedded Redis's restricted user has. Logins (sessions, stream tickets, password
 * throttles) and the leader lease are left out: a restored hub starts with nobody logged in.
 *
 * <p>Stream format: per key, {@code int keyLength, key, long pttl (-1 none), int dumpLength, dump};
 * then {@code int -1}.
 */
final class RedisSnapshot {
  static final String SCRIPT = """
      local out = {}
      local cursor = '0'
      repeat
        local page = redis.call('SCAN', cursor, 'MATCH', 'dlb:*', 'COUNT', 1000)
        cursor = page[1]
        for _, key in ipairs(page[2]) do
          if not (string.find(key, '^dlb:session:') or string.find(key, '^dlb:stream%-ticket:')
              or string.find(key, '^dlb:user%-sessions:') or string.find(key, '^dlb:{throttle}:') or key == 'dlb:leader') then
            out[#out + 1] = key
            out[#out + 1] = redis.call('PTTL', key)
            out[#out + 1] = redis.call('DUMP', key)
          end
        end
      until cursor == '0'
      return out
      """;

  private RedisSnapshot() {
  }

  /** @return the number of keys written */
  static int take(RespClient redis, OutputStream target) throws IOException {
    List<?> reply = (List<?>) redis.call("EVAL", SCRIPT, "0");
    DataOutputStream out = new DataOutputStream(target);
    int keys = 0;
    for (int i = 0; i + 2 < reply.size(); i += 3) {
      byte[] key = (byte[]) reply.get(i);
      long ttl = (Long) reply.get(i + 1);
      byte[] dump = (byte[]) reply.get(i + 2);
      if (dump == null) {
        continue;
      }
      out.writeInt(key.length);
      out.write(key);
      out.writeLong(ttl);
      out.writeInt(dump.length);
      out.write(dump);
      keys++;
    }
    out.writeInt(-1);
    out.flush();
    return keys;
  }

  /** RESTOREs every key of a snapshot (REPLACE); keys whose time to live ran out meanwhile are skipped. */
  static int restore(RespClient redis, InputStream source) throws IOException {
    DataInputStream in = new DataInputStream(source);
    int keys = 0;
    while (true) {
      int keyLength;
      try {
        keyLength = in.readInt();
      } catch (EOFException e) {
        throw new IOException("the Redis snapshot in the archive is truncated", e);
      }
      if (keyLength < 0) {
        return keys;
      }
      byte[] key = in.readNBytes(keyLength);
      long ttl = in.readLong();
      byte[] dump = in.readNBytes(in.readInt());
      if (!new String(key, StandardCharsets.UTF_8).startsWith("dlb:")) {
        throw new IOException("the Redis snapshot holds a key that is not the hub's; refusing it");
      }
      redis.call("RESTORE", key, String.valueOf(ttl > 0 ? ttl : 0), dump, "REPLACE");
      keys++;
    }
  }

  /** @return whether the Redis holds any of the hub's keys */
  static boolean holdsHubData(RespClient redis) throws IOException {
    String cursor = "0";
    do {
      List<?> page = (List<?>) redis.call("SCAN", cursor, "MATCH", "dlb:*", "COUNT", "1000");
      if (!((List<?>) page.get(1)).isEmpty()) {
        return true;
      }
      cursor = new String((byte[]) page.get(0), StandardCharsets.UTF_8);
    } while (!cursor.equals("0"));
    return false;
  }

  /** Deletes every {@code dlb:*} key (an external Redis, before a forced restore). */
  static void deleteHubKeys(RespClient redis) throws IOException {
    String cursor = "0";
    do {
      List<?> page = (List<?>) redis.call("SCAN", cursor, "MATCH", "dlb:*", "COUNT", "1000");
      for (Object key : (List<?>) page.get(1)) {
        redis.call("DEL", key);
      }
      cursor = new String((byte[]) page.get(0), StandardCharsets.UTF_8);
    } while (!cursor.equals("0"));
  }
}
