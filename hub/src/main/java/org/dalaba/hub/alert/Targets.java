package org.dalaba.hub.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What an operator aimed a broadcast at: the whole county, some townships and/or some villages. */
public record Targets(boolean all, List<String> townships, List<String> villages) {
  public Targets {
    townships = List.copyOf(townships);
    villages = List.copyOf(villages);
  }

  public static Targets everyone() { return new Targets(true, List.of(), List.of()); }

  public JsonObject toJson() {
    if (all) {
      return new JsonObject().put("all", true);
    }
    JsonObject json = new JsonObject();
    if (!townships.isEmpty()) {
      json.put("townships", new JsonArray(townships));
    }
    if (!villages.isEmpty()) {
      json.put("villages", new JsonArray(villages));
    }
    return json;
  }

  @SuppressWarnings("unchecked")
  public static Targets fromJson(JsonObject json) {
    return new Targets(json.getBoolean("all", false),
        json.getJsonArray("townships", new JsonArray()).getList(),
        json.getJsonArray("villages", new JsonArray()).getList());
  }
}
