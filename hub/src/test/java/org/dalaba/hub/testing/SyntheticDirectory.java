package org.dalaba.hub.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A county of {@code townships} × {@code villagesPerTownship} villages, one endpoint each, in the import format. */
public final class SyntheticDirectory {
  private SyntheticDirectory() {
  }

  public static JsonObject of(int townships, int villagesPerTownship) {
    JsonArray list = new JsonArray();
    for (int t = 1; t <= townships; t++) {
      String townshipId = "211282" + String.format("%03d", t);
      JsonArray villages = new JsonArray();
      for (int v = 1; v <= villagesPerTownship; v++) {
        String villageId = townshipId + String.format("%03d", v);
        villages.add(new JsonObject().put("id", villageId).put("name", "测试村" + t + "-" + v).put("sample", true)
            .put("endpoints", new JsonArray().add(new JsonObject().put("id", villageId + "-01"))));
      }
      list.add(new JsonObject().put("id", townshipId).put("name", "测试镇" + t).put("sample", true).put("villages", villages));
    }
    return new JsonObject().put("county", new JsonObject().put("id", "211282").put("name", "开原市")).put("townships", list);
  }
}
