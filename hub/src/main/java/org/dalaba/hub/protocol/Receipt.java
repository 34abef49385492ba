package org.dalaba.hub.protocol;

/** A validated receipt from an endpoint. {@code reason} is null unless the state is FAILED. */
public record Receipt(String endpointId, String commandId, ReceiptState state, long ts, String reason, String detail) {
}
