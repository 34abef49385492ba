package org.dalaba.hub.media;

import io.vertx.core.json.JsonObject;
import org.dalaba.hub.access.Scope;

/**
 * One stored audio file: content hash, display name, format, size, duration, where it came from
 * ({@code upload} or {@code tts}), who added it when (epoch ms), and the scope it belongs to
 * ({@link org.dalaba.hub.access.MaterialAccess}); items stored before scopes existed are county material.
 */
public record MediaItem(String sha256, String name, AudioFormat format, long bytes, long durationMs, String origin,
                        long createdAt, String createdBy, Scope scope) {

  public MediaItem withScope(Scope wider) {
    return new MediaItem(sha256, name, format, bytes, durationMs, origin, createdAt, createdBy, wider);
  }

  public JsonObject toJson() {
    return new JsonObject().put("sha256", sha256).put("name", name).put("format", format.wire()).put("bytes", bytes)
        .put("durationMs", durationMs).put("origin", origin).put("createdAt", createdAt).put("createdBy", createdBy).put("scope", scope.stored());
  }

  public static MediaItem fromJson(JsonObject json) {
    return new MediaItem(json.getString("sha256"), json.getString("name"), AudioFormat.valueOf(json.getString("format").toUpperCase()),
        json.getLong("bytes"), json.getLong("durationMs"), json.getString("origin"), json.getLong("createdAt"),
        json.getString("createdBy"), storedScope(json.getString("scope")));
  }

  /** The stored scope; none (material from before scopes) or an unreadable one is the county's. */
  public static Scope storedScope(String stored) {
    Scope scope = Scope.parse(stored);
    return scope == null ? Scope.COUNTY : scope;
  }

  /** The reference endpoints get in commands (docs/protocol.md): {@code {"sha256","url","bytes"}}. */
  public JsonObject reference(String publicBaseUrl) {
    return new JsonObject().put("sha256", sha256).put("url", MediaFiles.url(publicBaseUrl, sha256)).put("bytes", bytes);
  }
}
