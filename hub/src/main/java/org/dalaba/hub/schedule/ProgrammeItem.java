package org.dalaba.hub.schedule;

import io.vertx.core.json.JsonObject;

/**
 * One item of a programme: an uploaded recording ({@code media}), or a text ({@code text}) with, when
 * the hub could speak it, the recording text-to-speech made ({@code media} as well). Durations in ms.
 */
public record ProgrammeItem(String text, String mediaSha256, long bytes, long durationMs) {

  public JsonObject toJson() {
    return new JsonObject().put("text", text).put("media", mediaSha256).put("bytes", bytes).put("durationMs", durationMs);
  }

  public static ProgrammeItem fromJson(JsonObject json) {
    return new ProgrammeItem(json.getString("text"), json.getString("media"), json.getLong("bytes", 0L), json.getLong("durationMs"));
  }

  /** As endpoints get it in a {@code play} command (docs/protocol.md). */
  public JsonObject command(String publicBaseUrl) {
    JsonObject item = new JsonObject();
    if (text != null) {
      item.put("text", text);
    }
    if (mediaSha256 != null) {
      item.put("media", new JsonObject().put("sha256", mediaSha256)
          .put("url", org.dalaba.hub.media.MediaFiles.url(publicBaseUrl, mediaSha256)).put("bytes", bytes));
    }
    return item.put("durationMs", durationMs);
  }
}
