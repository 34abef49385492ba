package org.dalaba.hub.protocol;

import io.vertx.core.json.JsonObject;

/**
 * A validated receipt from an endpoint. {@code reason} is null unless the state is FAILED. {@code lag} is a live
 * session's timing report (docs/protocol.md, "live"): {@code firstMs} from {@code lagMs}, and {@code p50Ms},
 * {@code p95Ms}, {@code maxMs}, {@code pages} from {@code lag}; null when the receipt has none.
 */
public record Receipt(String endpointId, String commandId, ReceiptState state, long ts, String reason, String detail, JsonObject lag) {
  public Receipt(String endpointId, String commandId, ReceiptState state, long ts, String reason, String detail) {
    this(endpointId, commandId, state, ts, reason, detail, null);
  }
}
