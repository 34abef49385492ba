package org.dalaba.hub.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a message from an endpoint into a validated report, or throws {@link DeviceMessageException}
 * saying which rule it broke. Pure and thread-safe; the size check comes first so a huge payload is
 * never parsed.
 */
public final class DeviceMessageParser {
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Set<String> FAILURE_REASONS = Set.of("EXPIRED", "CANCELLED", "PREEMPTED", "BAD_COMMAND",
      "MEDIA_UNAVAILABLE", "MEDIA_HASH_MISMATCH", "PLAYBACK_ERROR", "NO_PLAYABLE_FORMAT", "BAD_SIGNATURE",
      "STREAM_UNAVAILABLE", "STREAM_INVALID", "STREAM_STALLED");
  /** A lag larger than a day is not a measurement. */
  private static final long MAX_LAG_MS = 86_400_000L;

  private final int maxPayloadBytes;

  public DeviceMessageParser(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** The JSON object of a report, checked for size, syntax and version. */
  public JsonObject body(byte[] payload) {
    if (payload.length > maxPayloadBytes) {
      throw new DeviceMessageException(RejectReason.OVERSIZED, payload.length + " bytes > " + maxPayloadBytes);
    }
    JsonObject json;
    try {
      json = Buffer.buffer(payload).toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new DeviceMessageException(RejectReason.MALFORMED_JSON, "not a JSON object");
    }
    if (json == null) {
      throw new DeviceMessageException(RejectReason.MALFORMED_JSON, "empty payload");
    }
    if (!Integer.valueOf(1).equals(intOrNull(json, "v"))) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, "v must be 1");
    }
    return json;
  }

  public Receipt receipt(String endpointId, byte[] payload) {
    JsonObject json = body(payload);
    String cmd = id(json, "cmd");
    ReceiptState state = ReceiptState.parse(string(json, "state"));
    long ts = timestamp(json);
    String reason = null;
    if (state == ReceiptState.FAILED) {
      reason = string(json, "reason");
      if (!FAILURE_REASONS.contains(reason)) {
        throw new DeviceMessageException(RejectReason.BAD_FIELD, "reason \"" + reason + "\" is not a known reason code");
      }
    }
    String detail = json.getValue("detail") instanceof String d ? truncate(d, 200) : null;
    return new Receipt(endpointId, cmd, state, ts, reason, detail, lag(json));
  }

  /** A live session's lag report: {@code lagMs} (first page) and/or {@code lag} {p50Ms,p95Ms,maxMs,pages}; else null. */
  private static JsonObject lag(JsonObject json) {
    JsonObject lag = new JsonObject();
    if (json.getValue("lagMs") != null) {
      lag.put("firstMs", lagValue(json.getValue("lagMs"), "lagMs"));
    }
    if (json.getValue("lag") != null) {
      if (!(json.getValue("lag") instanceof JsonObject report)) {
        throw new DeviceMessageException(RejectReason.BAD_FIELD, "lag must be an object");
      }
      for (String field : new String[] {"p50Ms", "p95Ms", "maxMs", "pages"}) {
        lag.put(field, lagValue(report.getValue(field), "lag." + field));
      }
    }
    return lag.isEmpty() ? null : lag;
  }

  private static long lagValue(Object value, String field) {
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0 || n.longValue() > MAX_LAG_MS) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, field + " must be a whole number of milliseconds, 0 to one day");
    }
    return n.longValue();
  }

  public EndpointStatusReport status(String endpointId, byte[] payload) {
    JsonObject json = body(payload);
    String state = string(json, "state");
    if (!state.equals("online") && !state.equals("offline")) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, "state must be online or offline");
    }
    boolean online = state.equals("online");
    long ts = online || json.containsKey("ts") ? timestamp(json) : 0L;
    String fw = json.getValue("fw") instanceof String f ? truncate(f, 64) : null;
    String reason = json.getValue("reason") instanceof String r ? truncate(r, 64) : null;
    return new EndpointStatusReport(endpointId, online, ts, fw, volume(json), reason, caps(json));
  }

  /** {@code caps}: null when absent; the known capabilities otherwise (an empty set: neither). */
  private static java.util.Set<String> caps(JsonObject json) {
    if (!json.containsKey("caps")) {
      return null;
    }
    if (!(json.getValue("caps") instanceof io.vertx.core.json.JsonArray array) || array.size() > 16) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, "caps must be an array of strings");
    }
    java.util.Set<String> caps = new java.util.TreeSet<>();
    for (Object cap : array) {
      if (!(cap instanceof String c)) {
        throw new DeviceMessageException(RejectReason.BAD_FIELD, "caps must be an array of strings");
      }
      if (c.equals("text") || c.equals("audio")) {
        caps.add(c);
      }
    }
    return java.util.Set.copyOf(caps);
  }

  public Heartbeat heartbeat(String endpointId, byte[] payload) {
    JsonObject json = body(payload);
    long ts = timestamp(json);
    Object playing = json.getValue("playing");
    if (playing != null && !(playing instanceof String p && ID.matcher(p).matches())) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, "playing must be a command id or null");
    }
    if (!json.containsKey("playing")) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, "playing is required (null when idle)");
    }
    Integer uptime = intOrNull(json, "uptimeS");
    return new Heartbeat(endpointId, ts, (String) playing, volume(json), uptime == null ? -1 : uptime);
  }

  private static int volume(JsonObject json) {
    if (!json.containsKey("volume")) {
      return -1;
    }
    Integer volume = intOrNull(json, "volume");
    if (volume == null || volume < 0 || volume > 100) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, "volume must be a whole number 0–100");
    }
    return volume;
  }

  private static long timestamp(JsonObject json) {
    Object ts = json.getValue("ts");
    if (!(ts instanceof Number n) || n.longValue() <= 0 || n.doubleValue() != n.longValue()) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, "ts must be milliseconds since the epoch");
    }
    return n.longValue();
  }

  private static String id(JsonObject json, String field) {
    String value = string(json, field);
    if (!ID.matcher(value).matches()) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, field + " is not a valid id");
    }
    return value;
  }

  private static String string(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof String value)) {
      throw new DeviceMessageException(RejectReason.BAD_FIELD, field + " must be a string");
    }
    return value;
  }

  private static Integer intOrNull(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    return null;
  }

  /** At most {@code max} code points (the protocol's unit for every text limit), never half a surrogate pair. */
  private static String truncate(String s, int max) {
    return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
  }
}
