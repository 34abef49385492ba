package org.dalaba.hub.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.media.MediaItem;

/**
 * An ordered list of items played one after the other; its duration is their sum. It belongs to the
 * scope of its maker ({@link org.dalaba.hub.access.MaterialAccess}); older ones are county material.
 */
public record Programme(String id, String name, List<ProgrammeItem> items, long createdAt, String createdBy, Scope scope) {
  public Programme {
    items = List.copyOf(items);
  }

  /** County material. */
  public Programme(String id, String name, List<ProgrammeItem> items, long createdAt, String createdBy) {
    this(id, name, items, createdAt, createdBy, Scope.COUNTY);
  }

  public long durationMs() {
    return items.stream().mapToLong(ProgrammeItem::durationMs).sum();
  }

  /** The recordings endpoints fetch ahead of time (uploaded and spoken), each once. */
  public List<ProgrammeItem> mediaItems() {
    List<ProgrammeItem> media = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (ProgrammeItem item : items) {
      if (item.mediaSha256() != null && !seen.contains(item.mediaSha256())) {
        seen.add(item.mediaSha256());
        media.add(item);
      }
    }
    return media;
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    items.forEach(i -> list.add(i.toJson()));
    return new JsonObject().put("id", id).put("name", name).put("items", list).put("durationMs", durationMs())
        .put("createdAt", createdAt).put("createdBy", createdBy).put("scope", scope.stored());
  }

  public static Programme fromJson(JsonObject json) {
    List<ProgrammeItem> items = new ArrayList<>();
    json.getJsonArray("items").forEach(i -> items.add(ProgrammeItem.fromJson((JsonObject) i)));
    return new Programme(json.getString("id"), json.getString("name"), items, json.getLong("createdAt"), json.getString("createdBy"),
        MediaItem.storedScope(json.getString("scope")));
  }
}
