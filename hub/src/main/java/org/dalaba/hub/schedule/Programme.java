package org.dalaba.hub.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** An ordered list of items played one after the other; its duration is their sum. */
public record Programme(String id, String name, List<ProgrammeItem> items, long createdAt, String createdBy) {
  public Programme {
    items = List.copyOf(items);
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
        .put("createdAt", createdAt).put("createdBy", createdBy);
  }

  public static Programme fromJson(JsonObject json) {
    List<ProgrammeItem> items = new ArrayList<>();
    json.getJsonArray("items").forEach(i -> items.add(ProgrammeItem.fromJson((JsonObject) i)));
    return new Programme(json.getString("id"), json.getString("name"), items, json.getLong("createdAt"), json.getString("createdBy"));
  }
}
