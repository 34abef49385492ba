package org.dalaba.hub.media;

import io.vertx.core.json.JsonObject;

/**
 * One stored audio file: content hash, display name, format, size, duration, where it came from
 * ({@code upload} or {@code tts}) and who added it when (epoch ms).
 */
public record MediaItem(String sha256, String name, AudioFormat format, long bytes, long durationMs, String origin,
                        long createdAt, String createdBy) {

  public JsonObject toJson() {
    return new JsonObject().put("sha256", sha256).put("name", name).put("format", format.wire()).put("bytes", bytes)
        .put("durationMs", durationMs).put("origin", origin).put("createdAt", createdAt).put("createdBy", createdBy);
  }

  public static MediaItem fromJson(JsonObject json) {
    return new MediaItem(json.getString("sha256"), json.getString("name"), AudioFormat.valueOf(json.getString("format").toUpperCase()),
        json.getLong("bytes"), json.getLong("durationMs"), json.getString("origin"), json.getLong("createdAt"),
        json.getString("createdBy"));
  }

  /** The reference endpoints get in commands (docs/protocol.md): {@code {"sha256","url","bytes"}}. */
  public JsonObject reference(String publicBaseUrl) {
    return new JsonObject().put("sha256", sha256).put("url", MediaFiles.url(publicBaseUrl, sha256)).put("bytes", bytes);
  }
}
