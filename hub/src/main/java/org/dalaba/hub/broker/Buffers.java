package org.dalaba.hub.broker;

import java.nio.ByteBuffer;

/** HiveMQ hands packet contents over as read-only ByteBuffers; we keep copies. */
final class Buffers {
  private Buffers() {
  }

  /** The buffer's remaining bytes, without moving its position. */
  static byte[] copyOf(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
