package org.dalaba.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a command payload into a {@link Command}, or says why it cannot (docs/protocol.md, "Commands").
 * Pure: no I/O, no clock.
 */
final class CommandParser {

  /** Largest command the hub sends. */
  static final int MAX_COMMAND_BYTES = 16_384;
  /** Longest id we still echo back in a BAD_COMMAND receipt; anything longer is unreadable. */
  private static final int MAX_READABLE_ID = 256;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Set<String> LEVELS = Set.of("blue", "yellow", "orange", "red");

  /**
   * The outcome: {@code id} null means unreadable (ignore it); otherwise exactly one of {@code command}
   * and {@code error} is set. {@code json} is the payload when it was a JSON object, else null.
   */
  record Result(String id, Command command, String error, JsonObject json) {
    boolean readable() {
      return id != null;
    }
  }

  private CommandParser() {
  }

  static Result parse(Buffer payload) {
    JsonObject json = asObject(payload);
    if (json == null) {
      return new Result(null, null, "not a JSON object", null);
    }
    Object rawId = json.getValue("id");
    if (!(rawId instanceof String id) || id.isEmpty() || id.length() > MAX_READABLE_ID) {
      return new Result(null, null, "no readable id", json);
    }
    try {
      if (payload.length() > MAX_COMMAND_BYTES) {
        throw new Invalid("payload of " + payload.length() + " bytes, over " + MAX_COMMAND_BYTES);
      }
      return new Result(id, validate(id, json), null, json);
    } catch (Invalid e) {
      return new Result(id, null, e.getMessage(), json);
    }
  }

  private static JsonObject asObject(Buffer payload) {
    try {
      Object value = payload.toJsonValue();
      return value instanceof JsonObject object ? object : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  private static Command validate(String id, JsonObject json) {
    if (!ID.matcher(id).matches()) {
      throw new Invalid("id must be 1-64 characters of A-Z a-z 0-9 - _ .");
    }
    if (!Integer.valueOf(Payloads.VERSION).equals(json.getValue("v"))) {
      throw new Invalid("v must be " + Payloads.VERSION);
    }
    long ts = integer(json, "ts", 0, Long.MAX_VALUE);
    String typeName = string(json, "type", 20);
    Command.Type type;
    try {
      type = Command.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Invalid("unknown type " + typeName);
    }
    if (!type.wireName().equals(typeName)) {
      throw new Invalid("unknown type " + typeName);
    }
    return switch (type) {
      case ALERT -> alert(id, ts, json);
      case PLAY -> play(id, ts, json);
      case STOP -> stop(id, ts, json);
      case VOLUME -> new Command(id, type, ts, optionalExpiry(json), 0, 0, 0, null, null,
          (int) integer(json, "volume", 0, 100), List.of(), json);
      case PREFETCH -> prefetch(id, ts, json);
      case LIVE -> live(id, ts, json);
    };
  }

  private static Command alert(String id, long ts, JsonObject json) {
    long expiresAt = integer(json, "expiresAt", 0, Long.MAX_VALUE);
    String level = string(json, "level", 10);
    if (!LEVELS.contains(level)) {
      throw new Invalid("level must be blue, yellow, orange or red");
    }
    string(json, "title", 100);
    string(json, "text", 2000);
    int repeat = (int) integer(json, "repeat", 1, 10);
    long durationMs = integer(json, "durationMs", 0, Integer.MAX_VALUE);
    List<MediaRef> media = json.containsKey("media") ? List.of(media(json.getValue("media"))) : List.of();
    // the forced volume of the alert's playback; -1: play at the endpoint's own volume
    int volume = json.containsKey("volume") ? (int) integer(json, "volume", 0, 100) : -1;
    if (json.containsKey("exercise") && !(json.getValue("exercise") instanceof Boolean)) {
      throw new Invalid("exercise must be true or false");
    }
    return new Command(id, Command.Type.ALERT, ts, expiresAt, 0, repeat, durationMs, null, null, volume, media, json);
  }

  private static Command play(String id, long ts, JsonObject json) {
    long expiresAt = integer(json, "expiresAt", 0, Long.MAX_VALUE);
    int priority = (int) integer(json, "priority", 0, 100);
    long durationMs = integer(json, "durationMs", 0, Integer.MAX_VALUE);
    boolean hasText = json.containsKey("text");
    boolean hasMedia = json.containsKey("media");
    boolean hasItems = json.containsKey("items");
    if (!hasText && !hasMedia && !hasItems) {
      throw new Invalid("play needs text, media or items");
    }
    if (hasText) {
      string(json, "text", 2000);
    }
    List<MediaRef> media = new ArrayList<>();
    if (hasMedia) {
      media.add(media(json.getValue("media")));
    }
    if (hasItems) {
      if (!(json.getValue("items") instanceof JsonArray items) || items.isEmpty()) {
        throw new Invalid("items must be a non-empty array");
      }
      for (Object value : items) {
        if (!(value instanceof JsonObject item) || (!item.containsKey("text") && !item.containsKey("media"))) {
          throw new Invalid("each item needs text or media");
        }
        if (item.containsKey("text")) {
          string(item, "text", 2000);
        }
        if (item.containsKey("media")) {
          media.add(media(item.getValue("media")));
        }
        integer(item, "durationMs", 0, Integer.MAX_VALUE);
      }
    }
    // A resumed programme starts offsetMs in: only the rest is played.
    long offsetMs = json.containsKey("offsetMs") ? integer(json, "offsetMs", 0, durationMs) : 0;
    return new Command(id, Command.Type.PLAY, ts, expiresAt, priority, 1, durationMs - offsetMs, null, null, 0,
        List.copyOf(media), json);
  }

  private static Command stop(String id, long ts, JsonObject json) {
    String ref = string(json, "ref", 64);
    if (!ID.matcher(ref).matches()) {
      throw new Invalid("ref is not a valid id");
    }
    String reason = string(json, "reason", 20);
    Reason stopReason = switch (reason) {
      case "CANCELLED" -> Reason.CANCELLED;
      case "EXPIRED" -> Reason.EXPIRED;
      case "ENDED" -> Reason.ENDED;
      default -> throw new Invalid("reason must be CANCELLED, EXPIRED or ENDED");
    };
    return new Command(id, Command.Type.STOP, ts, null, 0, 0, 0, ref, stopReason, 0, List.of(), json);
  }

  /** docs/protocol.md, "live": level, title, stream.url, anchorMs, expiresAt. */
  private static Command live(String id, long ts, JsonObject json) {
    long expiresAt = integer(json, "expiresAt", 0, Long.MAX_VALUE);
    String level = string(json, "level", 10);
    if (!LEVELS.contains(level) && !"routine".equals(level)) {
      throw new Invalid("level must be routine, blue, yellow, orange or red");
    }
    string(json, "title", 100);
    if (!(json.getValue("stream") instanceof JsonObject stream)) {
      throw new Invalid("stream must be an object {url, format}");
    }
    String url = string(stream, "url", 2048);
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new Invalid("stream.url must be http or https");
    }
    integer(json, "anchorMs", 0, Long.MAX_VALUE);
    return new Command(id, Command.Type.LIVE, ts, expiresAt, 0, 1, 0, null, null, -1, List.of(), json);
  }

  private static Command prefetch(String id, long ts, JsonObject json) {
    long expiresAt = integer(json, "expiresAt", 0, Long.MAX_VALUE);
    if (!(json.getValue("media") instanceof JsonArray array) || array.isEmpty()) {
      throw new Invalid("media must be a non-empty array");
    }
    List<MediaRef> media = new ArrayList<>(array.size());
    for (Object item : array) {
      media.add(media(item));
    }
    return new Command(id, Command.Type.PREFETCH, ts, expiresAt, 0, 0, 0, null, null, 0, List.copyOf(media), json);
  }

  private static MediaRef media(Object value) {
    if (!(value instanceof JsonObject media)) {
      throw new Invalid("media must be an object {sha256, url, bytes}");
    }
    String sha256 = string(media, "sha256", 64);
    if (!SHA256.matcher(sha256).matches()) {
      throw new Invalid("media.sha256 must be 64 lower-case hex digits");
    }
    String url = string(media, "url", 2048);
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new Invalid("media.url must be http or https");
    }
    long bytes = media.containsKey("bytes") ? integer(media, "bytes", 0, Long.MAX_VALUE) : -1;
    return new MediaRef(sha256, url, bytes);
  }

  private static Long optionalExpiry(JsonObject json) {
    return json.containsKey("expiresAt") ? integer(json, "expiresAt", 0, Long.MAX_VALUE) : null;
  }

  private static long integer(JsonObject json, String field, long min, long max) {
    Object value = json.getValue(field);
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new Invalid(value == null ? field + " is missing" : field + " must be an integer");
    }
    long n = ((Number) value).longValue();
    if (n < min || n > max) {
      throw new Invalid(field + " must be " + min + "-" + max + ", was " + n);
    }
    return n;
  }

  private static String string(JsonObject json, String field, int maxLength) {
    Object value = json.getValue(field);
    if (!(value instanceof String s)) {
      throw new Invalid(value == null ? field + " is missing" : field + " must be a string");
    }
    // Characters are Unicode code points (docs/protocol.md, "Payload rules"), not UTF-16 units: a
    // CJK Extension B place name counts one per character, as the hub counts it.
    if (s.isEmpty() || s.codePointCount(0, s.length()) > maxLength) {
      throw new Invalid(field + " must be 1-" + maxLength + " characters");
    }
    return s;
  }

  /** Control flow inside this class only: the first rule a payload breaks. */
  private static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
