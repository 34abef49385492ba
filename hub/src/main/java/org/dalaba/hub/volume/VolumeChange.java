package org.dalaba.hub.volume;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.dalaba.hub.alert.Targets;

/**
 * An operator's change of the speakers' own volume for some targets, as stored. {@code open} until every record
 * is final or {@code expiresAt} passes; meanwhile the hub re-sends it and catches up returning endpoints.
 */
public record VolumeChange(String id, int volume, Targets targets, List<String> topics, int endpointCount, long createdAt,
                           String createdBy, long expiresAt, boolean open) {

  public VolumeChange {
    topics = List.copyOf(topics);
  }

  public VolumeChange closed() {
    return new VolumeChange(id, volume, targets, topics, endpointCount, createdAt, createdBy, expiresAt, false);
  }

  /** The protocol's {@code volume} command (docs/protocol.md, "volume"); re-sends send the same bytes. */
  public JsonObject command() {
    return new JsonObject().put("v", 1).put("id", id).put("type", "volume").put("ts", createdAt).put("expiresAt", expiresAt)
        .put("volume", volume);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("volume", volume).put("targets", targets.toJson())
        .put("topics", new JsonArray(topics)).put("endpointCount", endpointCount).put("createdAt", createdAt)
        .put("createdBy", createdBy).put("expiresAt", expiresAt).put("open", open);
  }

  @SuppressWarnings("unchecked")
  public static VolumeChange fromJson(JsonObject json) {
    return new VolumeChange(json.getString("id"), json.getInteger("volume"), Targets.fromJson(json.getJsonObject("targets")),
        json.getJsonArray("topics").getList(), json.getInteger("endpointCount"), json.getLong("createdAt"),
        json.getString("createdBy"), json.getLong("expiresAt"), json.getBoolean("open", false));
  }
}
