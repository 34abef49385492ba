package org.dalaba.sim;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * What a GARBAGE endpoint publishes to its own receipt topic, in turn: one example of each way a device
 * message can be bad (docs/protocol.md, "What the hub does with a bad message").
 */
final class GarbagePayloads {

  private static final List<Buffer> KINDS = List.of(
      Buffer.buffer("{\"v\":1,\"cmd\":\"garbage\",\"state\":"),            // truncated JSON
      Buffer.buffer("this is not json"),                                    // not JSON at all
      Buffer.buffer("[\"received\"]"),                                      // JSON, but not an object
      Buffer.buffer(new byte[] {'{', '"', 'v', '"', ':', (byte) 0xC3, (byte) 0x28, '}'}), // invalid UTF-8
      Buffer.buffer("{\"v\":1,\"state\":\"received\",\"ts\":1}"),           // object missing cmd
      Buffer.buffer("{\"v\":1,\"cmd\":\"garbage\",\"state\":\"received\",\"ts\":1,\"detail\":\""
          + "x".repeat(5000) + "\"}"));                                     // over 4,096 bytes

  private GarbagePayloads() {
  }

  static Buffer next(long sequence) {
    return KINDS.get((int) (sequence % KINDS.size()));
  }

  static int kinds() {
    return KINDS.size();
  }
}
