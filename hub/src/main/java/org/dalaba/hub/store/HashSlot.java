package org.dalaba.hub.store;

import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.RequestImpl;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Redis Cluster hash slot of a key (CRC16/XMODEM of the key, or of its {@code {tag}} if it has a
 * non-empty one, modulo 16384), so the store can keep each transaction and pipeline within one slot.
 */
final class HashSlot {
  static final int NONE = -1;
  private static final int SLOTS = 16384;

  private HashSlot() {
  }

  static int of(String key) {
    return of(key.getBytes(StandardCharsets.UTF_8));
  }

  static int of(byte[] key) {
    int start = 0;
    int end = key.length;
    for (int open = 0; open < key.length; open++) {
      if (key[open] == '{') {
        for (int close = open + 1; close < key.length; close++) {
          if (key[close] == '}') {
            if (close > open + 1) {
              start = open + 1;
              end = close;
            }
            break;
          }
        }
        break;
      }
    }
    return crc16(key, start, end) % SLOTS;
  }

  /**
   * The slot of a request's keys, {@link #NONE} for a command without keys. The key positions come
   * from the client's own command table (through its request implementation, the only place they are
   * exposed). A request whose keys span slots is refused: Redis Cluster would refuse it too.
   */
  static int of(Request request) {
    List<byte[]> keys = ((RequestImpl) request).keys();
    int slot = NONE;
    for (byte[] key : keys) {
      int keySlot = of(key);
      if (slot != NONE && keySlot != slot) {
        throw new IllegalArgumentException("a " + request.command() + " whose keys are in different Redis Cluster slots");
      }
      slot = keySlot;
    }
    return slot;
  }

  private static int crc16(byte[] bytes, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= (bytes[i] & 0xff) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xffff;
    }
    return crc;
  }
}
