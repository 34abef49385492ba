package org.dalaba.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Builds every payload an endpoint publishes, exactly as docs/protocol.md shows them. */
final class Payloads {

  static final int VERSION = 1;
  static final String FIRMWARE = "sim-1.0";

  /** Receipt states. */
  static final String RECEIVED = "received";
  static final String STARTED = "started";
  static final String FINISHED = "finished";
  static final String FAILED = "failed";
  static final String READY = "ready";

  private Payloads() {
  }

  /** The last will, fixed at connect time, so it carries no timestamp ({@code status-offline-will.json}). */
  static Buffer will() {
    return new JsonObject().put("v", VERSION).put("state", "offline").put("reason", "will").toBuffer();
  }

  static Buffer online(long ts, int volume, java.util.Set<String> caps) {
    return new JsonObject()
        .put("v", VERSION)
        .put("state", "online")
        .put("ts", ts)
        .put("fw", FIRMWARE)
        .put("volume", volume)
        .put("caps", new JsonArray(caps.stream().sorted(java.util.Comparator.reverseOrder()).toList()))
        .toBuffer();
  }

  static Buffer offlineShutdown(long ts) {
    return new JsonObject().put("v", VERSION).put("state", "offline").put("ts", ts).put("reason", "shutdown").toBuffer();
  }

  static Buffer heartbeat(long ts, String playing, int volume, long uptimeS) {
    return new JsonObject()
        .put("v", VERSION)
        .put("ts", ts)
        .put("playing", playing)
        .put("volume", volume)
        .put("uptimeS", uptimeS)
        .toBuffer();
  }

  static JsonObject receipt(String commandId, String state, long ts) {
    return new JsonObject().put("v", VERSION).put("cmd", commandId).put("state", state).put("ts", ts);
  }

  static JsonObject failed(String commandId, Reason reason, String detail, long ts) {
    JsonObject receipt = receipt(commandId, FAILED, ts).put("reason", reason.name());
    if (detail != null) {
      receipt.put("detail", detail.length() > 200 ? detail.substring(0, 200) : detail);
    }
    return receipt;
  }
}
